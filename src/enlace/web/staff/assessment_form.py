"""The staff assessment form: a level per need domain (directly, or from the instrument's
questions), "met by a current support", the SISTRAT shortcut and the eligibility
attributes, each attribute with where its value comes from.

Nothing is stored: the profile travels in the form (and in hidden fields on the results
page) until casework saves assessments. Field names are stable (``need_housing``,
``met_housing``, ``q_housing_1``, ``age``, ``age_source``) so a results page can send
them back unchanged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field
from wtforms.validators import ValidationError

from enlace.catalogue.vocab import NeedDomain
from enlace.i18n import _l
from enlace.matching.instrument import ANCHOR_IDS, ANCHORS, QUESTIONS, Question
from enlace.matching.profile import NeedLevel
from enlace.matching.rules import ATTRIBUTES, DOCUMENTS
from enlace.web import labels, match_labels, match_text
from enlace.web.common import choice_field, options
from enlace.web.needs import (
    BOOLEAN_ATTRIBUTES,
    CHOICE_ATTRIBUTES,
    DOMAINS,
    CheckboxesField,
    Places,
    age_field,
    attribute_choices,
    boolean_value,
    check_commune_in_region,
    field_value,
    level_choices,
    parse_age,
    parse_child_age,
    parse_year_of_birth,
    set_place_choices,
    source_choices,
    year_field,
)

#: Attributes with a "where does this come from" select (all the profile's attributes).
SOURCED = tuple(ATTRIBUTES)
CAPITALS = tuple(match_text.CAPITALS)


def question_field(question: Question) -> str:
    """The form field of one instrument question (``housing.safety`` -> ``q_housing_safety``)."""
    return "q_" + question.id.replace(".", "_")


def _anchor_choices() -> list[Any]:
    return options(
        [
            ("", _l("Not answered")),
            *((str(a), f"{a} · {match_text.ANCHORS[ANCHOR_IDS[a]]}") for a in ANCHORS),
        ]
    )


def _document_choices() -> list[Any]:
    return options((code, match_text.DOCUMENTS[code]) for code in DOCUMENTS)


def _capital_choices() -> list[Any]:
    return options(
        [("", match_text.NEED_LEVELS[NeedLevel.UNKNOWN]), *match_labels.CAPITAL_LEVELS.items()]
    )


class AssessmentForm(FlaskForm):  # type: ignore[misc]
    """Built once at import: the twelve domains and every attribute (see below)."""

    age = age_field(_l("Age"))
    year_of_birth = year_field(_l("or year of birth"))
    youngest_child_age = age_field(_l("Age of the youngest child"))
    region = choice_field(_l("Region where the person lives"), default="")
    commune = choice_field(_l("Commune where the person lives"), default="")
    documents = CheckboxesField(
        _l("Documents the person holds"), choices=_document_choices, default=[]
    )

    def set_places(self, places: Places) -> None:
        set_place_choices(self, places)

    def validate_age(self, field: Field) -> None:
        parse_age(field.data)

    def validate_year_of_birth(self, field: Field) -> None:
        parse_year_of_birth(field.data, date.today())
        if field.data and field.data.strip() and self.age.data and self.age.data.strip():
            raise ValidationError(str(_l("Give the age or the year of birth, not both.")))

    def validate_youngest_child_age(self, field: Field) -> None:
        parse_child_age(field.data)

    def check_places(self, places: Places) -> bool:
        return check_commune_in_region(self, places)

    def level_of(self, domain: str) -> str:
        return str(self[f"need_{domain}"].data or "unknown")

    def set_level(self, domain: str, level: str) -> None:
        self[f"need_{domain}"].data = level


for _domain in DOMAINS:
    setattr(
        AssessmentForm,
        f"need_{_domain}",
        choice_field(labels.NEED_DOMAINS[NeedDomain(_domain)], level_choices, "unknown"),
    )
    setattr(AssessmentForm, f"met_{_domain}", BooleanField(_l("Met by a current support")))
for _question in QUESTIONS:
    setattr(
        AssessmentForm,
        question_field(_question),
        choice_field(match_text.QUESTIONS[_question.id], _anchor_choices, ""),
    )
for _capital in CAPITALS:
    setattr(
        AssessmentForm,
        f"capital_{_capital}",
        choice_field(match_text.CAPITALS[_capital], _capital_choices, ""),
    )
for _name in (*CHOICE_ATTRIBUTES, *BOOLEAN_ATTRIBUTES, "rsh_band"):
    setattr(
        AssessmentForm,
        _name,
        choice_field(match_labels.PROFILE_ATTRIBUTES[_name], attribute_choices(_name), ""),
    )
for _name in SOURCED:
    setattr(
        AssessmentForm,
        f"{_name}_source",
        choice_field(
            _l("Source: %(attribute)s", attribute=match_labels.PROFILE_ATTRIBUTES[_name]),
            source_choices,
            "self_report",
        ),
    )


def answers(form: AssessmentForm) -> dict[str, int | None]:
    """Question id -> the anchor chosen (None: not answered)."""
    found: dict[str, int | None] = {}
    for question in QUESTIONS:
        raw = form[question_field(question)].data
        found[question.id] = int(raw) if raw else None
    return found


def capitals(form: AssessmentForm) -> dict[str, str | None]:
    return {capital: form[f"capital_{capital}"].data or None for capital in CAPITALS}


def attribute_values(form: AssessmentForm, today: date) -> dict[str, Any]:
    """The attributes the form knows, as plain values (call after validation)."""
    values: dict[str, Any] = {}
    age = parse_age(form.age.data)
    values["age"] = age if age is not None else parse_year_of_birth(form.year_of_birth.data, today)
    values["youngest_child_age"] = parse_child_age(form.youngest_child_age.data)
    for name in ("region", "commune", *CHOICE_ATTRIBUTES):
        values[name] = field_value(form[name])
    for name in BOOLEAN_ATTRIBUTES:
        values[name] = boolean_value(form[name].data)
    band = field_value(form.rsh_band)
    values["rsh_band"] = int(band) if band else None
    values["documents"] = list(form.documents.data or []) or None
    return {name: value for name, value in values.items() if value is not None}


def profile_data(form: AssessmentForm, levels: dict[str, str], today: date) -> dict[str, Any]:
    """The plain profile the engine parses (``enlace.matching.profile.parse_profile``):
    levels per domain, the met ones, and each attribute with its source and today's date."""
    attributes = {
        name: {"value": value, "source": form[f"{name}_source"].data, "date": today.isoformat()}
        for name, value in attribute_values(form, today).items()
    }
    return {
        "needs": {d: level for d, level in levels.items() if level != "unknown"},
        "met": [d for d in DOMAINS if form[f"met_{d}"].data],
        "attributes": attributes,
    }
