"""Query and response models of the catalogue's endpoints: search, offers and agencies.

The search query mirrors the results page's query string (``/buscar``): the same names,
repeated for several values of a filter, read by the same parser
(:func:`enlace.web.search_form.parse_search`), unknown codes reported in ``ignored``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from enlace.search.params import SORTS
from enlace.web.search_form import MAX_PAGE, MAX_TEXT


def _codes(name: str) -> Any:
    """A filter that may be repeated (``domain=a&domain=b``): any of its values."""
    return Field(default_factory=list, max_length=50, description=f"{name} codes (any of them).")


class SearchQuery(BaseModel):
    """``GET /api/v1/search``: the results page's query string."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(default="", max_length=MAX_TEXT, description="Words to search for.")
    domain: list[str] = _codes("Domain")
    category: list[str] = _codes("Category")
    sector: list[str] = _codes("Sector")
    population: list[str] = _codes("Population")
    language: list[str] = _codes("Language")
    kind: list[str] = _codes("Kind")
    region: str | None = Field(default=None, max_length=2)
    commune: str | None = Field(default=None, max_length=5)
    free: Literal["1"] | None = Field(default=None, description="`1`: free offers only.")
    sort: str = Field(default="relevance", max_length=40, description=f"One of {SORTS}.")
    anywhere: Literal["1"] | None = Field(
        default=None, description="`1`: do not read a place out of the words."
    )
    page: int = Field(default=1, ge=1, le=MAX_PAGE)


class AgencyRef(BaseModel):
    """An agency named in the caller's language."""

    id: str
    slug: str
    name: str


class SearchHitOut(BaseModel):
    """One offer found."""

    id: str
    slug: str
    name: str
    description: str | None
    agency: AgencyRef
    score: float | None
    proximity: str | None


class FacetValueOut(BaseModel):
    value: str
    count: int
    selected: bool


class PageOut(BaseModel):
    page: int
    per_page: int
    total: int
    pages: int


class SearchResponse(BaseModel):
    """Offers found, the counts of each filter's values, and where this page is."""

    results: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]
    paging: PageOut
    ignored: list[str] = Field(description="Filters left out: unknown codes.")
    suggestion: str | None
    relaxed: bool = Field(description="No offer had every word: some words were dropped.")
    catalogue_revision: int


class AreaOut(BaseModel):
    region: str
    commune: str | None


class DomainOut(BaseModel):
    domain: str
    role: str


class OfferOut(BaseModel):
    """An offer's card, as its page shows it (texts in the caller's language)."""

    id: str
    slug: str
    name: str
    alternate_name: str | None
    description: str
    agency: AgencyRef
    kind: str
    status: str
    scope: str
    is_free: bool | None
    minimum_age: int | None
    maximum_age: int | None
    languages: list[str]
    populations: list[str]
    domains: list[DomainOut]
    categories: list[str]
    areas: list[AreaOut]
    eligibility: str | None
    application: str | None
    fees: str | None
    wait_time: str | None
    url: str | None
    email: str | None
    phones: list[str]
    assured_date: date | None


class OfferBrief(BaseModel):
    id: str
    slug: str
    name: str


class AgencyOut(BaseModel):
    """An agency's card, as its page shows it, with its active offers."""

    id: str
    slug: str
    name: str
    alternate_name: str | None
    description: str
    sector: str
    level: str
    region: str | None
    commune: str | None
    website: str | None
    email: str | None
    status: str
    phones: list[str]
    offers: list[OfferBrief]
    assured_date: date | None
