"""The Whoosh schema of the offer index, and which fields a query word is looked up in.

Text fields carry no positions (``phrase=False``): quoted phrases match through the
``pair_*`` fields of neighbouring word pairs instead, which is smaller, faster to build and
much faster to query than positional phrase checks. Facet fields are plain keyword terms;
their document sets are cached per index segment (see :mod:`enlace.search.engine.docsets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from enlace.search import analysis

#: Document types in the index. Searches always restrict to offers.
DOCTYPE_OFFER = "offer"
DOCTYPE_AGENCY = "agency"
DOCTYPE_META = "meta"
DOCTYPE_VOCABULARY = "vocabulary"
#: The id of the one document that records which catalogue revision the index reflects;
#: it is written in the same commit as the changes, so the two never disagree.
META_ID = "__enlace_meta__"
#: What the stored fields mean. An index written in another format is rebuilt, never
#: served (2: names stored without the alternate name, which has its own field).
INDEX_FORMAT = 2


@dataclass(frozen=True)
class TextField:
    """A searchable text field: its analyzer family and how much a match in it weighs."""

    name: str
    analyzer: str  # "es", "en" or "place"
    weight: float
    fuzzy: bool


#: Where one query word is looked for. Each language has ONE text field holding the name
#: three times, the taxonomy labels twice, the agency names and the body once:
#: repetition weights the name (the old trick from before field-weighted BM25), and one
#: field instead of five per language makes every document several times cheaper to
#: index and every query several times cheaper to score in pure-Python Whoosh.
NAME_REPEAT = 3
TOPIC_REPEAT = 2
TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("text_es", "es", 1.0, fuzzy=True),
    TextField("text_en", "en", 1.0, fuzzy=True),
    TextField("place", "place", 0.3, fuzzy=False),
)
PAIR_FIELDS: dict[str, str] = {"es": "pair_es", "en": "pair_en"}
#: Surface words (accents kept, no stemming) of names, agencies and topics: the
#: vocabulary for typo correction, "did you mean" and autocomplete.
WORDS_FIELD = "words"

#: Keyword facets behind filters and facet counts. They are all stored in ONE Whoosh
#: field, ``facet``, as ``name=value`` terms: every field costs Whoosh a fixed amount of
#: Python work per document, and a dozen tiny fields cost more than their contents.
FACET_FIELD = "facet"
KEYWORD_FIELDS = (
    "doctype",  # offer / agency / meta
    "domain",  # need domain codes
    "category",  # taxonomy category codes
    "region",  # regions where the offer is delivered or available (not national)
    "commune",  # communes where the offer is delivered or available
    "region_wide",  # regions where the offer is available region-wide
    "scope",  # national / regional / communal
    "sector",  # sector of the agency
    "free",  # "1" (no cost) / "0"
    "population",  # populations served
    "language",  # languages the offer is given in
    "status",  # HSDS status
    "kind",  # benefit, course, programme, service, group
)


ANALYZERS: dict[str, Any] = {
    "es": analysis.spanish_analyzer(),
    "en": analysis.english_analyzer(),
    "place": analysis.place_analyzer(),
}


def _text(analyzer: Any, *, stored: bool = False) -> Any:
    return TEXT(analyzer=analyzer, phrase=False, stored=stored)


def _unscored(analyzer: Any) -> Any:
    """Terms without frequencies or field lengths: cheaper to write, matched as yes/no."""
    return FieldType(Existence(), analyzer, scorable=False)


def build_schema() -> Schema:
    es, en = ANALYZERS["es"], ANALYZERS["en"]
    fields: dict[str, Any] = {
        "id": ID(unique=True, stored=True),
        "doctype": STORED(),
        "slug": ID(stored=True),
        "agency_id": ID(stored=True),
        "revision": STORED(),
        "catalogue": STORED(),
        "format": STORED(),
        "name_es": STORED(),
        "name_en": STORED(),
        "alt_name": STORED(),
        "text_es": _text(es),
        "text_en": _text(en),
        "place": _text(ANALYZERS["place"]),
        "desc_es": STORED(),
        "desc_en": STORED(),
        "pair_es": _unscored(analysis.pair_analyzer_es()),
        "pair_en": _unscored(analysis.pair_analyzer_en()),
        WORDS_FIELD: _unscored(analysis.words_analyzer()),
        "sort_es": ID(sortable=True),
        "sort_en": ID(sortable=True),
        "assured": NUMERIC(sortable=True, bits=32, signed=False),
    }
    fields[FACET_FIELD] = KEYWORD(commas=True, lowercase=False, scorable=False)
    return Schema(**fields)


def facet_term(name: str, value: str) -> str:
    """The term of keyword ``name`` = ``value`` in the shared facet field."""
    return f"{name}={value}"


def analyzer_for(field: TextField) -> Any:
    return ANALYZERS[field.analyzer]
