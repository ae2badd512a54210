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
