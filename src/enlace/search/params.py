"""What goes into a search and what comes out: plain, frozen dataclasses.

No Flask, no session, no Whoosh objects cross this boundary, so the web layer, a worker
or a notebook can build parameters and read results without knowing how the index works.
Facet values and sort orders are codes; turning them into words is the web layer's job.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Sort orders: relevance; proximity (same commune, same region, national, then the
#: rest); name (A-Z in the searcher's language); recently verified first.
SORTS = ("relevance", "proximity", "name", "recent")
LANGUAGES = ("es", "en")
#: Facets in the order a results page shows them.
FACETS = (
    "domain",
    "category",
    "region",
    "commune",
    "sector",
    "free",
    "population",
    "language",
    "kind",
    "status",
)
MAX_PER_PAGE = 100
ACTIVE = ("active",)


def region_of_commune(commune_code: str) -> str:
    """CUT commune codes are the region code followed by three digits ("7101" -> "7")."""
    return commune_code[:-3]


@dataclass(frozen=True)
class SearchParams:
    """One search. Empty ``text`` browses by filters alone.

    Multi-valued filters are OR within the filter and AND across filters. ``region`` and
    ``commune`` keep national offers (they are available everywhere); ``commune`` also
    keeps offers available across the commune's region. ``statuses`` defaults to active
    offers only; an empty tuple means any status. ``near_commune``/``near_region`` are where
    the searcher is, for proximity sorting, when no place filter says it. ``home_region``
    is the searcher's saved region: a region filter unless ``region`` or ``commune`` is
    given or the text names a place.
    """

    text: str = ""
    language: str = "es"
    domains: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    region: str | None = None
    commune: str | None = None
    sectors: tuple[str, ...] = ()
    free_only: bool = False
    populations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ACTIVE
    near_commune: str | None = None
    near_region: str | None = None
    home_region: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: bool = True
    highlight: bool = True
    detect_place: bool = True

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}; expected one of {SORTS}")
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown language {self.language!r}; expected one of {LANGUAGES}")
        object.__setattr__(self, "page", max(1, int(self.page)))
        object.__setattr__(self, "per_page", min(MAX_PER_PAGE, max(1, int(self.per_page))))

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def end(self) -> int:
        return self.page * self.per_page


@dataclass(frozen=True)
class Segment:
    """A piece of snippet text; ``match`` pieces are what the query matched."""

    text: str
    match: bool = False


@dataclass(frozen=True)
class Snippet:
    """Text in one language, cut around the matches. Render segments, escaping each."""

    segments: tuple[Segment, ...]
    language: str
    is_fallback: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def matched(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.segments if s.match)


@dataclass(frozen=True)
class Hit:
    offer_id: str
    slug: str
    agency_id: str
    score: float | None
    #: "commune", "region", "national" or "elsewhere" when sorting by proximity.
    proximity: str | None
    name: Snippet
    description: Snippet | None
    #: Another name the offer is known by: secondary text, never the heading.
    alternate_name: Snippet | None = None


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Place:
    """A commune or region the searcher can name."""

    kind: str  # "commune" or "region"
    code: str
    name: str
    region_code: str


@dataclass(frozen=True)
class SearchResults:
    params: SearchParams
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    #: A better query when this one found little ("capasitasion" -> "capacitación").
    suggestion: str | None = None
    #: True when no offer had every word, so ``hits`` are offers with some of them.
    relaxed: bool = False
    #: When few offers have every word (fewer than a page): the best offers with only
    #: some of the words, ranked, shown apart below ``hits`` (page 1 only).
    others: tuple[Hit, ...] = ()
    #: The order ``hits`` are really in (a browse without words is listed by name even
    #: when relevance was asked for), and the orders that make sense for this search.
    order: str = "relevance"
    orders: tuple[str, ...] = SORTS
    #: (commune, region) that "nearest first" measured from (hits' ``proximity`` tiers).
    near: tuple[str | None, str | None] = (None, None)
    #: Query words matched only through typo tolerance.
    corrected: tuple[str, ...] = ()
    #: A place named in the text ("… en Talca"), applied as a filter.
    place: Place | None = None
    #: The catalogue revision the index reflected when it answered.
    revision: int = 0
    #: No index yet: it is being built in the background (the page says so).
    preparing: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.params.per_page))

    @property
    def home_region_applied(self) -> bool:
        """Whether the saved region restricted these results (no other place did)."""
        p = self.params
        return bool(p.home_region) and not (p.region or p.commune or self.place)


@dataclass(frozen=True)
class Completion:
    """An autocomplete entry: an offer, an agency or a commune."""

    kind: str  # "offer", "agency", "commune" or "region"
    id: str
    label: str
    slug: str | None = None
    region_code: str | None = None
