"""Exactly what may be shared about a referral under a consent (pure).

The one function every disclosure goes through (letter, recipient-link page): given the
participant's facts and the consent's categories it returns only those categories. The
participant's code is always there (it is how the agency names the referral back); no
category means no field. Nothing else of the participant is ever read by the pages that
show a recipient what was shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from enlace.casework.vocab import CATEGORY_ATTRIBUTES, DataCategory

NOTICE_MSGID = (
    "This information is shared with your agency only, under the person's consent and for "
    "this referral. Do not pass it on to anyone else."
)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything a referral could share, before the consent picks from it."""

    code: str
    year_of_birth: int
    attributes: Mapping[str, Any]  # flat values (latest assessment over the participant's)
    needs: Mapping[str, str]  # domain -> level
    offer_domains: tuple[str, ...]
    goals: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)  # the referral serves


def shareable(facts: Facts, categories: Iterable[str], today: date) -> dict[str, Any]:
    """The consented data of one referral: ``code`` plus one entry per consented category
    that has something to say; nothing from a category the consent leaves out."""
    allowed = {DataCategory(c) for c in categories if c in DataCategory.__members__.values()}
    data: dict[str, Any] = {"code": facts.code}
    attributes: dict[str, Any] = {}
    for category in sorted(allowed):
        if category is DataCategory.AGE:
            data["age"] = today.year - facts.year_of_birth
        elif category is DataCategory.NEEDS:
            data["needs"] = {
                d: facts.needs.get(d, "unknown") for d in facts.offer_domains if d in facts.needs
            }
        elif category is DataCategory.PLAN_GOALS:
            data["plan_goals"] = [dict(g) for g in facts.goals]
        for name in CATEGORY_ATTRIBUTES[category]:
            value = facts.attributes.get(name)
            if name != "age" and value is not None:
                attributes[name] = value
    if attributes:
        data["attributes"] = attributes
    return data


def categories_of(data: Mapping[str, Any]) -> set[DataCategory]:
    """Which categories a shared record actually carries (tests check it against consent)."""
    found: set[DataCategory] = set()
    if "age" in data:
        found.add(DataCategory.AGE)
    if "needs" in data:
        found.add(DataCategory.NEEDS)
    if "plan_goals" in data:
        found.add(DataCategory.PLAN_GOALS)
    for name in data.get("attributes", {}):
        found.update(c for c, names in CATEGORY_ATTRIBUTES.items() if name in names)
    return found
