"""Turn a search query string into :class:`SearchParams`, dropping what is unknown.

Shared by the results page and ``GET /api/v1/search`` so both read a query the same way.

A public search link may be old, hand-edited or hostile: unknown codes are ignored and
reported back (so the page can say so), numbers are clamped, and text is cut to a sane
length. Nothing here raises on user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from urllib.parse import quote_plus

from werkzeug.datastructures import MultiDict

from enlace.catalogue.lookup import ReferenceData
from enlace.catalogue.vocab import NeedDomain, OfferKind, Population, Sector
from enlace.search.params import SORTS, SearchParams
from enlace.web import labels

MAX_TEXT = 200
MAX_PAGE = 500
PER_PAGE = 20
MULTI = ("domain", "category", "sector", "population", "language", "kind")


@dataclass(frozen=True)
class KnownCodes:
    """The codes a filter may take; anything else is ignored."""

    domains: frozenset[str]
    categories: frozenset[str]
    regions: frozenset[str]
    communes: dict[str, str]  # commune -> region
    sectors: frozenset[str]
    populations: frozenset[str]
    languages: frozenset[str]
    kinds: frozenset[str]


@dataclass
class ParsedSearch:
    params: SearchParams
    ignored: list[str] = field(default_factory=list)
    #: The query string that reproduces this search (normalised), without the page.
    query: list[tuple[str, str]] = field(default_factory=list)


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(raw or default)))
    except ValueError:
        return default


def parse_search(
    args: MultiDict[str, str], language: str, known: KnownCodes, home_region: str | None = None
) -> ParsedSearch:
    """Validated parameters from ``args``; ``home_region`` is the remembered preference."""
    ignored: list[str] = []
    allowed: dict[str, frozenset[str]] = {
        "domain": known.domains,
        "category": known.categories,
        "sector": known.sectors,
        "population": known.populations,
        "language": known.languages,
        "kind": known.kinds,
    }
    multi: dict[str, tuple[str, ...]] = {}
    for name in MULTI:
        values = []
        for value in dict.fromkeys(args.getlist(name)):
            if value in allowed[name]:
                values.append(value)
            elif value:
                ignored.append(f"{name}={value[:40]}")
        multi[name] = tuple(values)
    region = args.get("region") or None
    if region and region not in known.regions:
        ignored.append(f"region={region[:40]}")
        region = None
    commune = args.get("commune") or None
    if commune and commune not in known.communes:
        ignored.append(f"commune={commune[:40]}")
        commune = None
    if commune and region and known.communes[commune] != region:
        commune = None  # a commune of another region: the region filter wins
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        ignored.append(f"sort={sort[:40]}")
        sort = "relevance"
    text = " ".join((args.get("q") or "").split())[:MAX_TEXT]
    anywhere = args.get("anywhere") == "1"
    # The saved region restricts searches too, unless the searcher asked for all of
    # Chile ("anywhere"); a place in the link or named in the text wins over it.
    saved = home_region if home_region in known.regions and not anywhere else None
    params = SearchParams(
        text=text,
        language=language,
        domains=multi["domain"],
        categories=multi["category"],
        region=region,
        commune=commune,
        sectors=multi["sector"],
        free_only=args.get("free") == "1",
        populations=multi["population"],
        languages=multi["language"],
        kinds=multi["kind"],
        near_region=None if (region or commune) else home_region,
        home_region=saved,
        sort=sort,
        page=_int(args.get("page"), 1, 1, MAX_PAGE),
        per_page=PER_PAGE,
        detect_place=not anywhere,
    )
    return ParsedSearch(params=params, ignored=ignored, query=query_pairs(params))


def query_pairs(params: SearchParams) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if params.text:
        pairs.append(("q", params.text))
    for name, values in (
        ("domain", params.domains),
        ("category", params.categories),
        ("sector", params.sectors),
        ("population", params.populations),
        ("language", params.languages),
        ("kind", params.kinds),
    ):
        pairs.extend((name, v) for v in values)
    if params.region:
        pairs.append(("region", params.region))
    if params.commune:
        pairs.append(("commune", params.commune))
    if params.free_only:
        pairs.append(("free", "1"))
    if params.sort != "relevance":
        pairs.append(("sort", params.sort))
    if not params.detect_place:
        pairs.append(("anywhere", "1"))
    return pairs


@lru_cache(maxsize=4096)
def _encoded(name: str, value: str) -> str:
    """One ``name=value`` of a query string, as ``urlencode`` writes it (a results page
    links a hundred variations of the same few pairs)."""
    return f"{quote_plus(name)}={quote_plus(value)}"


def url_with(base: str, pairs: list[tuple[str, str]], **extra: str) -> str:
    items = [(k, v) for k, v in pairs if k not in extra] + [(k, v) for k, v in extra.items() if v]
    return f"{base}?{'&'.join(_encoded(k, v) for k, v in items)}" if items else base


def without(
    pairs: list[tuple[str, str]], name: str, value: str | None = None
) -> list[tuple[str, str]]:
    """The same search minus one filter value (an "active filter" chip's link)."""
    return [(k, v) for k, v in pairs if not (k == name and (value is None or v == value))]


@cache
def static_codes() -> tuple[
    frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]
]:
    return (
        frozenset(d.value for d in NeedDomain),
        frozenset(s.value for s in Sector),
        frozenset(p.value for p in Population),
        frozenset(labels.LANGUAGE_NAMES),
        frozenset(k.value for k in OfferKind),
    )


_KNOWN: list[tuple[ReferenceData, KnownCodes]] = []


def known_codes(reference: ReferenceData) -> KnownCodes:
    """The codes each filter may take, from the catalogue's reference data (made once
    per snapshot of it)."""
    last = _KNOWN[-1] if _KNOWN else None
    if last is not None and last[0] is reference:
        return last[1]
    domains, sectors, populations, languages, kinds = static_codes()
    codes = KnownCodes(
        domains=domains,
        categories=reference.category_codes,
        regions=frozenset(reference.region_by_code),
        communes={code: c.region_code for code, c in reference.communes.items()},
        sectors=sectors,
        populations=populations,
        languages=languages,
        kinds=kinds,
    )
    _KNOWN[:] = [(reference, codes)]
    return codes
