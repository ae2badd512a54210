"""The consented data of a referral in words: the letter (staff) and the receiving
agency's page (public) show exactly what :func:`enlace.casework.sharing.shareable`
returned, each entry labelled, never a code. Shared by two audiences, so beside ``labels``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from enlace.catalogue.lookup import reference_data
from enlace.catalogue.vocab import NeedDomain
from enlace.db import get_session
from enlace.i18n import _
from enlace.matching.profile import NeedLevel
from enlace.web import labels, match_labels, match_text


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    value: str


def _level(code: str) -> str:
    try:
        return str(match_text.NEED_LEVELS[NeedLevel(code)])
    except ValueError:
        return code


def _domain(code: str) -> str:
    try:
        return str(labels.NEED_DOMAINS[NeedDomain(code)])
    except ValueError:
        return code


def _value(name: str, value: Any, places: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return str(match_labels.YES_NO["yes" if value else "no"])
    if isinstance(value, list | tuple):
        return ", ".join(_value(name, v, places) for v in value)
    if name in ("region", "commune"):
        return places.get(str(value), str(value))
    if name == "rsh_band":
        return _("Up to %(band)s%%", band=value)
    words = match_labels.ATTRIBUTE_VALUES.get(name, {})
    found = words.get(str(value))
    return str(found) if found is not None else str(value)


def shared_lines(data: Mapping[str, Any], places: Mapping[str, str]) -> list[Line]:
    """One line per piece of consented data (the code first)."""
    lines = [Line(_("Participant code"), str(data.get("code", "")))]
    if "age" in data:
        lines.append(Line(_("Age"), _("%(years)s years", years=data["age"])))
    for domain, level in (data.get("needs") or {}).items():
        lines.append(Line(_("Need: %(domain)s", domain=_domain(domain)), _level(level)))
    for name, value in sorted((data.get("attributes") or {}).items()):
        label = match_labels.PROFILE_ATTRIBUTES.get(name)
        lines.append(Line(str(label) if label else name, _value(name, value, places)))
    for goal in data.get("plan_goals") or []:
        target = goal.get("target_date")
        text = str(goal.get("text", ""))
        if isinstance(target, date):
            text += " " + _("(by %(day)s)", day=target.isoformat())
        lines.append(Line(_("Plan goal: %(domain)s", domain=_domain(goal.get("domain", ""))), text))
    return lines


def place_names() -> dict[str, str]:
    """Region and commune code -> name (the shared location is words, not codes)."""
    reference = reference_data(get_session())
    return {c.code: c.name for c in reference.communes.values()} | {
        r.code: r.name for r in reference.regions
    }
