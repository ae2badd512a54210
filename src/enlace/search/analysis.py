"""Text analysis for Spanish and English: the same chain at index time and at query time.

Order matters: tokenise, lower-case, drop stop words (the lists carry accents), fold
accents, then stem. Folding before stemming makes "educacion" and "educación" one term;
because the Snowball Spanish stemmer only knows the accented suffixes ("-ación", "-logía")
we put those accents back on folded words just for the stemmer, so "capacitacion",
"capacitación" and "capacitaciones" all become ``capacit``.

Decision on ñ: it folds to n, like every other diacritic. People on phones and on English
keyboards type "ensenanza", "ninos", "ano"; a directory that missed those would fail the
people it is for. The price is a handful of collisions ("año" = "ano", "peña" = "pena")
that are harmless in a catalogue of social services. Tests pin both sides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Composable, RegexTokenizer, Token
from whoosh.lang import stemmer_for_language, stopwords_for_language


def _build_fold_table() -> dict[int, str]:
    """Latin letters with diacritics (Latin-1 and Latin Extended-A) -> their base letter."""
    table: dict[int, str] = {}
    for codepoint in range(0xC0, 0x250):
        char = chr(codepoint)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if base != char and base.isascii() and base:
            table[codepoint] = base
    table.update({ord("ß"): "ss", ord("æ"): "ae", ord("œ"): "oe", ord("ø"): "o"})
    return table


_FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case and strip diacritics (ñ -> n included): the comparison form of a word."""
    return text.lower().translate(_FOLD_TABLE)


# -- stop words -----------------------------------------------------------------------
#: Words that look like stop words in the Snowball list but name things people search for.
_KEEP_ES = frozenset({"estado", "estados"})


def _with_folded(words: Iterable[str]) -> frozenset[str]:
    listed = set(words)
    return frozenset(listed | {fold(w) for w in listed})


STOP_ES = _with_folded(w for w in stopwords_for_language("es") if w not in _KEEP_ES)
STOP_EN = _with_folded(stopwords_for_language("en"))
#: Filler that people type in queries ("necesito un curso") but that no offer is about.
QUERY_FILLER = frozenset(
    {
        "necesito",
        "necesitamos",
        "quiero",
        "busco",
        "buscar",
        "buscando",
        "ayudenme",
        "porfa",
        "favor",
        "need",
        "want",
        "looking",
        "find",
        "please",
    }
)
QUERY_STOP = STOP_ES | STOP_EN | QUERY_FILLER


# -- stemming -------------------------------------------------------------------------
_SNOWBALL_ES = stemmer_for_language("es")
_SNOWBALL_EN = stemmer_for_language("en")

#: Folded endings whose accented form the Snowball Spanish step 1 needs to see.
_ACCENT_RESTORE = (
    ("logias", "logías"),
    ("logia", "logía"),
    ("cion", "ción"),
)


@lru_cache(maxsize=100_000)
def stem_es(word: str) -> str:
    """Snowball Spanish on a folded word, with the accents its suffix rules need restored."""
    for folded_end, accented_end in _ACCENT_RESTORE:
        if word.endswith(folded_end):
            word = word[: -len(folded_end)] + accented_end
            break
    return fold(_SNOWBALL_ES(word))


@lru_cache(maxsize=100_000)
def stem_en(word: str) -> str:
    return fold(_SNOWBALL_EN(word))


#: Whoosh's default token pattern: words, keeping "s.a." and "3.5" together.
_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)


class TextAnalyzer(Composable):  # type: ignore[misc]
    """Tokenise, lower-case, drop stop words, fold, stem: one pass, one generator.

    Whoosh's composable chains push every token through one generator per filter, which
    made analysis the largest cost of a full build. This fused analyzer does the same
    steps in that order (so accents are folded before stemming) at a fraction of the
    cost, and honours the analyzer protocol (``positions``, ``chars``, ``removestops``,
    ``tokenize``) that highlighting and query parsing rely on.

    With ``pairs`` it emits neighbouring non-stop words joined as ``a_b`` instead (see
    :data:`~enlace.search.schema.PAIR_FIELDS`): exact phrases without positions.
    """

    def __init__(
        self,
        stoplist: frozenset[str] = frozenset(),
        stem: Callable[[str], str] | None = None,
        *,
        folding: bool = True,
        pairs: bool = False,
        minsize: int = 1,
        letters_only: bool = False,
    ) -> None:
        self.stoplist = stoplist
        self.stem = stem
        self.folding = folding
        self.pairs = pairs
        self.minsize = minsize
        self.letters_only = letters_only

    def normalize(self, word: str) -> str:
        word = word.lower()
        if self.folding:
            word = word.translate(_FOLD_TABLE)
        return self.stem(word) if self.stem is not None else word

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        if not tokenize:
            token.text = self.normalize(value)
            token.stopped = False
            yield token
            return
        stoplist, stem, folding = self.stoplist, self.stem, self.folding
        position = start_pos
        previous: str | None = None
        for match in _TOKEN.finditer(value):
            raw = match.group()
            word = raw.lower()
            if word in stoplist:
                if removestops or self.pairs:
                    position += 1
                    continue
                token.stopped = True
                token.text = word
            else:
                if folding:
                    word = word.translate(_FOLD_TABLE)
                if len(word) < self.minsize or (self.letters_only and not word.isalpha()):
                    position += 1
                    continue
                token.stopped = False
                token.text = stem(word) if stem is not None else word
                if self.pairs:
                    current = token.text
                    if previous is None:
                        previous = current
                        position += 1
                        continue
                    token.text = f"{previous}_{current}"
                    previous = current
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            if keeporiginal:
                token.original = raw
            position += 1
            yield token
            if not self.pairs and not token.stopped and _CAMEL.search(raw):
                yield from self._camel_parts(token, raw, start_char + match.start(), chars)

    def _camel_parts(self, token: Any, raw: str, offset: int, chars: bool) -> Iterator[Any]:
        """Brand names written together ("ClaveÚnica", "CuentaRUT") also yield their
        parts, so "clave única" and "cuenta rut" find them."""
        for part in _CAMEL_PART.finditer(raw):
            word = part.group().lower()
            if word in self.stoplist or part.group() == raw:
                continue
            if self.folding:
                word = word.translate(_FOLD_TABLE)
            if len(word) < self.minsize:
                continue
            token.text = self.stem(word) if self.stem is not None else word
            if chars:
                token.startchar = offset + part.start()
                token.endchar = offset + part.end()
            yield token


_CAMEL = re.compile(r"[a-záéíóúñü][A-ZÁÉÍÓÚÑ]")
_CAMEL_PART = re.compile(r"[A-ZÁÉÍÓÚÑ]+(?![a-záéíóúñü])|[A-ZÁÉÍÓÚÑ]?[a-záéíóúñü]+|\d+")


def spanish_analyzer() -> TextAnalyzer:
    return TextAnalyzer(STOP_ES, stem_es)


def english_analyzer() -> TextAnalyzer:
    return TextAnalyzer(STOP_EN, stem_en)


def place_analyzer() -> TextAnalyzer:
    """Place names: folded, not stemmed ("Los Ángeles" -> ``angeles``)."""
    return TextAnalyzer(STOP_ES)


def pair_analyzer_es() -> TextAnalyzer:
    return TextAnalyzer(STOP_ES, stem_es, pairs=True)


def pair_analyzer_en() -> TextAnalyzer:
    return TextAnalyzer(STOP_EN, stem_en, pairs=True)


def words_analyzer() -> TextAnalyzer:
    """Surface words with their accents, for suggestions people can read."""
    return TextAnalyzer(QUERY_STOP, folding=False, minsize=3, letters_only=True)


_PLURAL_ES = frozenset("lnrdjz")


def number_variants(word: str) -> list[str]:
    """The word and its Spanish singular/plural partner for consonant endings.

    Snowball stems "examen" to ``exam`` but "exámenes" to ``examen`` (likewise "mujer" /
    "mujeres", "joven" / "jóvenes", "hogar" / "hogares"). Rather than change the stems in
    the index, a query word also looks for its partner's stem.
    """
    folded = fold(word)
    variants = [folded]
    if len(folded) < 3 or not folded.isalpha():
        return variants
    if folded[-1] in _PLURAL_ES:
        variants.append(folded[:-1] + "ces" if folded.endswith("z") else folded + "es")
    elif folded.endswith("es") and len(folded) > 4 and folded[-3] in "lnrdjc":
        variants.append(folded[:-3] + "z" if folded.endswith("ces") else folded[:-2])
    return variants


def max_edits(word: str) -> int:
    """Typo allowance by length: none up to 3 letters, 1 up to 7, else 2."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 7 else 2


def analyze(analyzer: Any, text: str) -> list[str]:
    """The terms ``analyzer`` makes of ``text`` (stop words removed)."""
    return [token.text for token in analyzer(text)]


def words(text: str) -> list[str]:
    """Query words: tokenised, folded, no stemming (synonyms and places match on these)."""
    return [fold(token.text) for token in _WORD_TOKENIZER(text)]


_WORD_TOKENIZER = RegexTokenizer()
