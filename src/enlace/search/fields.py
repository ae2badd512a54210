"""From plain records to the field dicts Whoosh indexes (one per offer, agency, ...).

Pure: the same functions serve the database path (:mod:`enlace.search.documents`) and
the benchmark generator, so both index exactly the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from enlace.search.analysis import fold
from enlace.search.documents import AgencyRecord, OfferRecord
from enlace.search.params import region_of_commune
from enlace.search.schema import (
    DOCTYPE_AGENCY,
    DOCTYPE_META,
    DOCTYPE_OFFER,
    DOCTYPE_VOCABULARY,
    INDEX_FORMAT,
    META_ID,
    NAME_REPEAT,
    TOPIC_REPEAT,
    facet_term,
)


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _facets(**values: Iterable[str] | str) -> str:
    """The shared ``facet`` field: ``name=value`` terms, comma-separated."""
    terms: list[str] = []
    for name, value in values.items():
        listed = [value] if isinstance(value, str) else sorted(set(value))
        terms.extend(facet_term(name, v) for v in listed if v)
    return ",".join(terms)


def offer_fields(record: OfferRecord) -> dict[str, object]:
    """The Whoosh document of one offer."""
    agency_text = _join(*record.agency_names)
    regions = {*record.area_regions, *record.location_regions}
    regions |= {region_of_commune(c) for c in record.area_communes}
    communes = {*record.area_communes, *record.location_communes}
    name_en = record.name_en or record.name_es
    assured = record.assured_date.toordinal() if record.assured_date else 0
    return {
        "id": record.id,
        "doctype": DOCTYPE_OFFER,
        "slug": record.slug,
        "agency_id": record.agency_id,
        # The names are stored apart from the alternate name: a result's heading is the
        # name; the alternate name is secondary text (it is searched through text_*).
        "name_es": record.name_es,
        "name_en": record.name_en or "",
        "alt_name": record.alternate_name or "",
        "text_es": _join(
            *[record.name_es, record.alternate_name] * NAME_REPEAT,
            *list(record.topic_es) * TOPIC_REPEAT,
            agency_text,
            record.description_es,
            record.eligibility_es,
            record.application_es,
        ),
        "text_en": _join(
            *([record.name_en, record.alternate_name] * NAME_REPEAT if record.name_en else []),
            *list(record.topic_en) * TOPIC_REPEAT,
            record.description_en,
            record.eligibility_en,
            record.application_en,
        ),
        "place": _join(*record.place_names),
        "desc_es": record.description_es,
        "desc_en": record.description_en or "",
        "pair_es": _join(record.name_es, record.alternate_name, record.description_es),
        "pair_en": _join(record.name_en, record.description_en),
        "words": _join(record.name_es, record.name_en, record.alternate_name),
        "sort_es": fold(record.name_es),
        "sort_en": fold(name_en),
        "assured": assured,
        "facet": _facets(
            doctype=DOCTYPE_OFFER,
            domain=record.domains,
            category=record.categories,
            region=regions,
            commune=communes,
            region_wide=record.wide_regions,
            scope=record.scope,
            sector=record.agency_sector,
            free="1" if record.is_free else "0",
            population=record.populations,
            language=record.languages,
            status=record.status,
            kind=record.kind,
        ),
    }


def agency_fields(record: AgencyRecord) -> dict[str, object]:
    """Agencies are indexed only for autocomplete; searches never return them."""
    return {
        "id": record.id,
        "doctype": DOCTYPE_AGENCY,
        "slug": record.slug,
        "agency_id": record.id,
        "name_es": record.name_es,
        "name_en": record.name_en or record.name_es,
        "words": _join(record.name_es, record.name_en, record.alternate_name),
        "sort_es": fold(record.name_es),
        "sort_en": fold(record.name_en or record.name_es),
        "facet": _facets(doctype=DOCTYPE_AGENCY, status=record.status),
    }


_WORD = re.compile(r"[^\W\d_]{3,}")
#: Words per vocabulary document of description words.
VOCABULARY_CHUNK = 5000


def text_words(record: OfferRecord) -> set[str]:
    """Distinct lower-cased words of an offer's descriptions and eligibility.

    Names are in the ``words`` field already; these extend the vocabulary that typo
    correction and "did you mean" correct towards, so a misspelt word found only in
    descriptions ("jovnes", "migrantse") is still understood. They are written as a few
    vocabulary documents (never per offer), which costs far less than indexing them."""
    found: set[str] = set()
    for text in (
        record.description_es,
        record.description_en,
        record.eligibility_es,
        record.eligibility_en,
    ):
        if text:
            found.update(_WORD.findall(text.lower()))
    return found


def words_vocabulary(prefix: str, words: Iterable[str]) -> list[tuple[str, str]]:
    """(key, text) of vocabulary documents holding ``words``, a chunk each."""
    ordered = sorted(set(words))
    return [
        (f"{prefix}:{number}", " ".join(ordered[start : start + VOCABULARY_CHUNK]))
        for number, start in enumerate(range(0, len(ordered), VOCABULARY_CHUNK))
    ]


def offer_vocabulary_key(offer_id: str) -> str:
    """The vocabulary document of one offer's words, written when it changes between
    full builds (a full build folds them into the shared chunks)."""
    return f"offer:{offer_id}"


def vocabulary_id(key: str) -> str:
    return f"vocabulary:{key}"


def vocabulary_fields(key: str, text: str) -> dict[str, object]:
    """Words to know without an offer carrying them (taxonomy names): they feed typo
    correction and "did you mean" but are never returned by a search."""
    return {
        "id": vocabulary_id(key),
        "doctype": DOCTYPE_VOCABULARY,
        "words": text,
        "facet": _facets(doctype=DOCTYPE_VOCABULARY),
    }


def taxonomy_vocabulary(terms: Mapping[str, tuple[str, str | None]]) -> list[tuple[str, str]]:
    """(key, text) of every taxonomy term name, for :func:`vocabulary_fields`."""
    return [(code, _join(es, en)) for code, (es, en) in sorted(terms.items())]


def meta_fields(revision: int, catalogue: str = "") -> dict[str, object]:
    """The index's stamp: which catalogue (database) and which revision of it."""
    return {
        "id": META_ID,
        "doctype": DOCTYPE_META,
        "revision": revision,
        "catalogue": catalogue,
        "format": INDEX_FORMAT,
        "facet": _facets(doctype=DOCTYPE_META),
    }
