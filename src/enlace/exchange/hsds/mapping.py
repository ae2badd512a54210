"""Map data written without the Enlace profile onto Enlace's vocabulary.

Other directories name places the way people write them ("Región del Maule",
"Concepcion", "Stgo") and classify services with their own taxonomies, often Open
Eligibility. These helpers turn that into commune and region codes and need domains,
and return ``None`` rather than guess when the match is weak, so the importer can warn.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from enlace.catalogue.places import region_full_name
from enlace.catalogue.taxonomy import TaxonomyTerm

#: Display names of the languages Chilean services are offered in (ISO 639 codes).
LANGUAGE_NAMES: dict[str, str] = {
    "es": "español",
    "en": "inglés",
    "arn": "mapudungun",
    "ay": "aimara",
    "rap": "rapa nui",
    "qu": "quechua",
    "ht": "criollo haitiano",
    "fr": "francés",
    "pt": "portugués",
    "de": "alemán",
    "it": "italiano",
    "zh": "chino",
    "sgn": "lengua de señas",
}
_LANGUAGE_WORDS: dict[str, str] = {
    "spanish": "es",
    "castellano": "es",
    "english": "en",
    "mapuche": "arn",
    "aymara": "ay",
    "haitian creole": "ht",
    "kreyol": "ht",
    "creole": "ht",
    "french": "fr",
    "portuguese": "pt",
    "german": "de",
    "italian": "it",
    "chinese": "zh",
    "sign language": "sgn",
    "lengua de senas chilena": "sgn",
}

_ROMAN = {
    "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
    "ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15",
    "xvi": "16", "rm": "13",
}  # fmt: skip
_PLACE_NOISE = re.compile(
    r"^(region de la|region del|region de|region|provincia de|comuna de|comuna|"
    r"ilustre municipalidad de|i municipalidad de|municipalidad de)\s+"
)
_COMMUNE_ALIASES = {"stgo": "santiago", "santiago centro": "santiago", "conce": "concepcion"}
PLACE_CUTOFF = 85.0
_PUBLIC_WORDS = (
    "municipalidad", "ministerio", "subsecretaria", "seremi", "servicio nacional", "servicio de",
    "gobierno", "instituto nacional", "fondo de solidaridad", "fosis", "sence", "senda",
    "gendarmeria", "registro civil", "junji", "corporacion de asistencia judicial", "cesfam",
    "hospital", "omil", "injuv", "senadis", "senama", "sernameg", "mideso", "minvu", "serviu",
)  # fmt: skip


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: "Ñuble." -> "nuble"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def slugify(text: str, fallback: str = "registro") -> str:
    """A readable ASCII identifier from a name (``fallback`` when nothing is left)."""
    slug = "-".join(fold(text).split())[:70].strip("-")
    return slug or fallback


def region_label(code: str, name: str) -> str:
    """A region as written in Spanish (HSDS service areas name it so)."""
    return region_full_name(code, name)


def language_code(code: str | None, name: str | None) -> str | None:
    """An ISO 639 code from a code or a language name (English or Spanish)."""
    if code and re.fullmatch(r"[A-Za-z]{2,3}", code.strip()):
        return code.strip().lower()
    words = fold(name or "")
    if not words:
        return None
    return _languages_by_name().get(words)


@cache
def _languages_by_name() -> dict[str, str]:
    """Folded language names (English, Spanish) -> code, built once."""
    return {fold(n): c for c, n in LANGUAGE_NAMES.items()} | _LANGUAGE_WORDS


def guess_sector(name: str) -> str:
    """Public bodies announce themselves in their names; anything else is taken as an NGO."""
    words = fold(name)
    return "public" if any(word in words for word in _PUBLIC_WORDS) else "ngo"


def guess_level(name: str) -> str:
    """Municipal bodies are communal, regional secretariats regional, the rest national."""
    words = fold(name)
    if any(word in words for word in ("municipalidad", "municipal", "omil", "cesfam")):
        return "communal"
    if any(word in words for word in ("seremi", "regional", "gobierno de la region")):
        return "regional"
    return "national"


@dataclass(frozen=True)
class Place:
    """A region, and a commune when known."""

    region_code: str
    commune_code: str | None = None


class PlaceResolver:
    """Chilean regions and communes from free text, exact first, then fuzzy."""

    def __init__(
        self, regions: Iterable[tuple[str, str, str]], communes: Iterable[tuple[str, str, str]]
    ) -> None:
        self.region_names: dict[str, str] = {}
        for code, name, abbr in regions:
            self.region_names[fold(name)] = code
            self.region_names[fold(abbr)] = code
            self.region_names[code] = code
        self.communes: dict[str, tuple[str, str]] = {}  # folded name -> (code, region)
        self.commune_regions: dict[str, str] = {}
        for code, name, region in communes:
            self.communes[fold(name)] = (code, region)
            self.commune_regions[code] = region

    @staticmethod
    def _clean(text: str) -> str:
        """Folded text without ``Región del``, ``Comuna de``..., Roman numerals as numbers."""
        words = _PLACE_NOISE.sub("", fold(text))
        return _ROMAN.get(words, words)

    def region(self, text: str | None) -> str | None:
        """A region code from a name, abbreviation, code or Roman numeral."""
        if not text or not fold(text):
            return None
        words = self._clean(text)
        if words in self.region_names:
            return self.region_names[words]
        match = process.extractOne(
            words, list(self.region_names), scorer=fuzz.ratio, score_cutoff=PLACE_CUTOFF
        )
        return self.region_names[match[0]] if match else None

    def commune(self, text: str | None, region: str | None = None) -> Place | None:
        """A commune by name (or CUT code), within ``region`` when that is known."""
        if not text or not fold(text):
            return None
        raw = text.strip()
        if raw in self.commune_regions:
            return Place(self.commune_regions[raw], raw)
        words = _COMMUNE_ALIASES.get(self._clean(text), self._clean(text))
        candidates = {
            name: value
            for name, value in self.communes.items()
            if region is None or value[1] == region
        }
        if words in candidates:
            code, region_code = candidates[words]
            return Place(region_code, code)
        match = process.extractOne(
            words, list(candidates), scorer=fuzz.ratio, score_cutoff=PLACE_CUTOFF
        )
        if match is None:
            return None
        code, region_code = candidates[match[0]]
        return Place(region_code, code)

    def address(self, city: str | None, state: str | None, country: str | None) -> Place | None:
        """Where an HSDS address is; ``None`` outside Chile or when the names do not match."""
        if country and fold(country) not in {"cl", "chl", "chile"}:
            return None
        region = self.region(state)
        place = self.commune(city, region)
        if place is None and region is not None:
            place = self.commune(city)  # the region may be written wrong; the commune decides
        if place is not None:
            return place
        return Place(region) if region else None

    def area(self, text: str | None) -> Place | None:
        """A service area name: a commune, or a region when written as one."""
        if not text:
            return None
        if fold(text).startswith("region"):
            region = self.region(text)
            return Place(region) if region else None
        parts = [p for p in re.split(r"[,;/]", text) if p.strip()]
        region = self.region(parts[-1]) if len(parts) > 1 else None
        place = self.commune(parts[0], region) if parts else None
        if place is not None:
            return place
        region = self.region(text)
        return Place(region) if region else None


@dataclass
class TermMatch:
    """The Enlace terms an outside taxonomy term stands for."""

    domains: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


def read_open_eligibility(data_dir: Path) -> dict[str, tuple[str, str]]:
    """Open Eligibility ids -> (name, parent id) from the shipped CSV."""
    path = data_dir / "taxonomy" / "open-eligibility.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["id"].strip(): (row["name"].strip(), row["parent_id"].strip())
            for row in csv.DictReader(handle)
        }


class TaxonomyMapper:
    """Enlace need domains and categories for terms of Enlace, Open Eligibility or by name."""

    def __init__(
        self, terms: Iterable[TaxonomyTerm], open_eligibility: dict[str, tuple[str, str]]
    ) -> None:
        ordered = sorted(terms, key=lambda t: (t.level, t.position))
        self.by_code = {t.code: t for t in ordered}
        self.by_id = {t.id: t for t in ordered}
        self.by_name: dict[str, TaxonomyTerm] = {}
        for term in ordered:
            for name in (term.name_es, term.name_en):
                if name:
                    self.by_name.setdefault(fold(name), term)
        self.oe_terms: dict[str, list[TaxonomyTerm]] = {}
        for term in sorted(ordered, key=lambda t: (-t.level, t.position)):  # categories first
            for oe_id in term.open_eligibility:
                self.oe_terms.setdefault(oe_id, []).append(term)
        self.oe = open_eligibility
        self.oe_by_name = {
            fold(name): oe_id for oe_id, (name, _) in sorted(open_eligibility.items())
        }

    def _match(self, terms: Iterable[TaxonomyTerm]) -> TermMatch:
        """The domains and categories of some Enlace terms, categories first."""
        match = TermMatch()
        for term in terms:
            if term.level > 0 and term.code not in match.categories:
                match.categories.append(term.code)
            if term.domain not in match.domains:
                match.domains.append(term.domain)
        return match

    def _open_eligibility(self, oe_id: str) -> TermMatch | None:
        """Walk up the Open Eligibility tree to the nearest term Enlace maps."""
        seen: set[str] = set()
        current: str | None = oe_id
        while current and current not in seen and current != "0":
            seen.add(current)
            if current in self.oe_terms:
                return self._match(self.oe_terms[current])
            current = self.oe.get(current, ("", ""))[1] or None
        return None

    def map(self, code: str | None, name: str | None) -> TermMatch | None:
        """The Enlace meaning of a term, or ``None`` when nothing fits well enough."""
        if code and code in self.by_code:
            return self._match([self.by_code[code]])
        if code and code.strip() in self.oe:
            return self._open_eligibility(code.strip())
        folded = fold(name or "")
        if folded in self.by_name:
            return self._match([self.by_name[folded]])
        if folded in self.oe_by_name:
            return self._open_eligibility(self.oe_by_name[folded])
        return None
