"""Request models of the JSON API (Pydantic v2), published later in its OpenAPI document.

They check the request's shape and closed vocabularies (domains, levels, filters); what
needs the catalogue (a region or commune that exists, an attribute's value) is checked
by :func:`enlace.matching.profile.parse_profile`, and both report field paths the same
way (``needs.housing``, ``attributes.age``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from enlace.catalogue.vocab import NeedDomain
from enlace.matching.profile import FieldError, NeedLevel

MAX_LIMIT = 100


class MatchFilters(BaseModel):
    """What to narrow the results to."""

    model_config = ConfigDict(extra="forbid")

    domains: list[NeedDomain] = Field(default_factory=list)
    priority_only: bool = False
    free_only: bool = False
    within: Literal["communal", "regional"] | None = None


class MatchRequest(BaseModel):
    """``POST /api/v1/match``: a needs profile and how many results to return.

    ``attributes`` maps an eligibility attribute (``age``, ``gender``, ``region``,
    ``commune``, ``documents``...) to its value, or to ``{"value", "source", "date"}``
    where the source is ``self_report``, ``document`` or ``professional``.
    """

    model_config = ConfigDict(extra="forbid")

    needs: dict[NeedDomain, NeedLevel] = Field(default_factory=dict)
    met: list[NeedDomain] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
    filters: MatchFilters = Field(default_factory=MatchFilters)


def field_errors(error: ValidationError) -> list[FieldError]:
    """Pydantic's errors as field paths (a bad key of ``needs`` names that key)."""
    found = []
    for item in error.errors(include_url=False):
        parts = [str(p) for p in item["loc"] if p != "[key]"]
        found.append(FieldError(".".join(parts) or "body", item["msg"]))
    return found


# -- what POST /api/v1/match answers (documentation and contract tests) ------------------
class OfferRef(BaseModel):
    """An offer named in the visitor's language."""

    id: str
    slug: str
    name: str


class ScoreTerm(BaseModel):
    """One term of the score: its weight, its value for this offer, what it added."""

    term: str
    weight: float
    value: float
    contribution: float


class ReasonOut(BaseModel):
    """Why a check came out as it did: a stable code, its values, a sentence."""

    code: str
    values: dict[str, Any]
    text: str


class CheckOut(BaseModel):
    """One eligibility check (a rule, an any-of group, the offer's area)."""

    kind: str
    outcome: Literal["pass", "fail", "unknown"]
    reason: ReasonOut
    attribute: str | None = None
    op: str | None = None
    value: Any = None
    group: str | None = None
    alternatives: list[list[CheckOut]] | None = None


class NeedServed(BaseModel):
    """A domain of the profile that the offer serves."""

    domain: str
    level: str
    role: str


class AccessStep(BaseModel):
    """One step of the agreement path from the centre to the offer's agency."""

    model_config = ConfigDict(populate_by_name=True)

    kind: str
    from_: str = Field(alias="from")
    to: str
    agreement: str | None = None


class PreferentialAccess(BaseModel):
    """The agreements that give the centre's participants priority at this offer."""

    agreements: list[str]
    quota_left: int | None = None
    path: list[AccessStep]


class MatchResultOut(BaseModel):
    """An eligible (or to-check) offer with its score explained."""

    offer: OfferRef
    score: float
    status: Literal["eligible", "check"]
    terms: list[ScoreTerm]
    rules: list[CheckOut]
    needs_served: list[NeedServed]
    preferential_access: PreferentialAccess | None
    promoted_for_diversity: bool


class NotEligibleOut(BaseModel):
    """An offer the profile does not qualify for, and why."""

    offer: OfferRef
    reasons: list[CheckOut]


class MatchResponse(BaseModel):
    """Ranked and explained offers for a needs profile."""

    results: list[MatchResultOut]
    not_eligible: list[NotEligibleOut]
    not_eligible_total: int
    weights_version: str
    catalogue_revision: int
    catalogue_id: str
    on: str = Field(description="The date eligibility was evaluated on (YYYY-MM-DD).")
