"""Eligibility rules in plain words ("From 18 to 29 years old"), for participants on the
public pages and for coordinators previewing a rule they build (shared by both)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from flask_babel import LazyString

from enlace.i18n import _, _l
from enlace.matching.eligibility import alternatives, group_key
from enlace.matching.rules import Rule
from enlace.web.match_text import VALUE_LABELS

BOOLEAN_TEXT: dict[tuple[str, bool], LazyString] = {
    ("has_children", True): _l("Has children"),
    ("has_children", False): _l("Has no children"),
    ("disability", True): _l("Has a disability"),
    ("disability", False): _l("Has no disability"),
    ("indigenous", True): _l("Belongs to an indigenous people"),
    ("indigenous", False): _l("Does not belong to an indigenous people"),
    ("has_identity_card", True): _l("Has a valid identity card"),
    ("has_identity_card", False): _l("Does not have an identity card"),
}


def _values(attribute: str, values: list[Any], places: Mapping[str, str]) -> str:
    labels = VALUE_LABELS.get(attribute, {})
    words = [str(labels[v]) if v in labels else places.get(str(v), str(v)) for v in values]
    return ", ".join(words)


def _age(op: str, value: Any) -> str:
    if op == "between":
        return _("From %(low)s to %(high)s years old", low=value[0], high=value[1])
    if op == "gte":
        return _("%(years)s years old or more", years=value)
    if op == "lte":
        return _("%(years)s years old or less", years=value)
    return _("Age: %(value)s", value=value)


def _rsh(op: str, value: Any) -> str:
    if op in ("lte", "eq"):
        return _(
            "Among the %(percent)s%% most vulnerable households in the Registro Social de Hogares",
            percent=value,
        )
    if op == "between":
        return _(
            "Between the %(low)s%% and %(high)s%% brackets of the Registro Social de Hogares",
            low=value[0],
            high=value[1],
        )
    return _("Registro Social de Hogares bracket above %(percent)s%%", percent=value)


def _child_age(op: str, value: Any) -> str:
    if op == "lte":
        return _("Youngest child %(years)s years old or younger", years=value)
    if op == "between":
        return _(
            "Youngest child between %(low)s and %(high)s years old", low=value[0], high=value[1]
        )
    return _("Youngest child %(years)s years old or older", years=value)


ATTRIBUTE_NAMES: dict[str, LazyString] = {
    "gender": _l("Gender"),
    "region": _l("Lives in the region"),
    "commune": _l("Lives in the commune"),
    "schooling": _l("Schooling"),
    "justice_status": _l("Situation with the law"),
    "treatment_stage": _l("Treatment"),
    "nationality": _l("Nationality"),
    "migration_status": _l("Migration status"),
    "employment_status": _l("Work situation"),
    "housing_status": _l("Housing situation"),
    "documents": _l("Holds"),
}

SPECIAL: dict[str, Callable[[str, Any], str]] = {
    "age": _age,
    "rsh_band": _rsh,
    "youngest_child_age": _child_age,
}


def describe_rule(
    attribute: str, op: str, value: Any, places: Mapping[str, str] | None = None
) -> str:
    """A sentence for one rule; ``places`` maps region/commune codes to their names."""
    places = places or {}
    if attribute in SPECIAL:
        return SPECIAL[attribute](op, value)
    if isinstance(value, bool):
        text = BOOLEAN_TEXT.get((attribute, value if op != "not_in" else not value))
        if text is not None:
            return str(text)
    name = str(ATTRIBUTE_NAMES.get(attribute, attribute))
    if attribute == "schooling" and op in ("gte", "lte"):
        level = _values(attribute, [value], places)
        if op == "gte":
            return _("Schooling: at least %(level)s", level=level)
        return _("Schooling: at most %(level)s", level=level)
    values = value if isinstance(value, list) else [value]
    if op == "not_in":
        return _("%(name)s: not %(values)s", name=name, values=_values(attribute, values, places))
    return _("%(name)s: %(values)s", name=name, values=_values(attribute, values, places))


class StoredRule(Protocol):
    """A rule as the catalogue stores it (``EligibilityRule`` or a card's copy)."""

    attribute: str
    operator: str
    value: Any
    group: str | None


def describe_rules(
    rules: Sequence[StoredRule], places: Mapping[str, str] | None = None
) -> list[str]:
    """One sentence per rule, and one per any-of group ("One of these: ... or ...")."""
    sentences: list[str | list[Rule]] = []
    groups: dict[str, list[Rule]] = {}
    for stored in rules:
        group = getattr(stored, "group", None)
        if group is None:
            sentences.append(describe_rule(stored.attribute, stored.operator, stored.value, places))
            continue
        name = group_key(group)[0]
        if name not in groups:
            groups[name] = []
            sentences.append(groups[name])  # the group's sentence goes where it starts
        groups[name].append(Rule(stored.attribute, stored.operator, stored.value, group))
    return [item if isinstance(item, str) else _group(item, places) for item in sentences]


def _group(members: list[Rule], places: Mapping[str, str] | None) -> str:
    options = [
        ", ".join(describe_rule(r.attribute, r.op, r.value, places) for r in option)
        for option in alternatives(members)
    ]
    return _("One of these: %(options)s", options=str(_("; or ")).join(options))
