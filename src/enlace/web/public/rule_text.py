"""Eligibility rules in plain words for participants ("From 18 to 29 years old")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import LazyString

from enlace.i18n import _, _l

VALUE_LABELS: dict[str, dict[str, LazyString]] = {
    "gender": {"female": _l("women"), "male": _l("men"), "non_binary": _l("non-binary people")},
    "schooling": {
        "none": _l("no schooling"),
        "primary_incomplete": _l("primary school not finished"),
        "primary_complete": _l("primary school finished"),
        "secondary_incomplete": _l("secondary school not finished"),
        "secondary_complete": _l("secondary school finished"),
        "technical": _l("technical studies"),
        "higher": _l("higher education"),
    },
    "justice_status": {
        "none": _l("no pending matters with the law"),
        "pending_case": _l("a pending court case"),
        "alternative_measure": _l("serving a sentence in the community"),
        "parole": _l("on parole"),
        "in_prison": _l("in prison"),
        "served_sentence": _l("sentence already served"),
    },
    "treatment_stage": {
        "in_treatment": _l("in treatment"),
        "discharged": _l("discharged from treatment"),
        "follow_up": _l("in follow-up after treatment"),
    },
    "nationality": {"chilean": _l("Chilean"), "foreign": _l("foreign")},
    "migration_status": {
        "regular": _l("regular migration status"),
        "irregular": _l("irregular migration status"),
        "in_process": _l("migration status in process"),
    },
    "employment_status": {
        "unemployed": _l("unemployed"),
        "employed": _l("employed"),
        "informal": _l("in informal work"),
        "inactive": _l("not in the labour market"),
    },
    "housing_status": {
        "homeless": _l("living on the street"),
        "precarious": _l("in precarious housing"),
        "with_family": _l("living with relatives"),
        "renting": _l("renting"),
        "owner": _l("home owner"),
    },
}

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
