"""Words for what matching returns as codes: reasons, levels, terms, the assessment.

The pure :mod:`enlace.matching` package returns codes (a reason is a code and its
values; a question is an id); this module, shared by the staff and public pages and the
API, holds their translatable sentences and renders them. Tests check that every code
the engine can give has words here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import LazyString

from enlace.i18n import _, _l
from enlace.matching.eligibility import Reason
from enlace.matching.instrument import ANCHOR_IDS
from enlace.matching.profile import NeedLevel, Source
from enlace.matching.rules import Outcome

DOCUMENTS: dict[str, LazyString] = {
    "identity_card": _l("valid identity card"),
    "rsh_statement": _l("Registro Social de Hogares statement (cartola)"),
    "birth_certificate_children": _l("children's birth certificates"),
    "criminal_record_certificate": _l("criminal record certificate"),
    "schooling_certificate": _l("schooling certificate"),
    "housing_savings_book": _l("housing savings book"),
    "residence_certificate": _l("proof of address"),
    "disability_credential": _l("disability credential"),
    "indigenous_certificate": _l("indigenous status certificate (CONADI)"),
    "treatment_referral": _l("referral from the treatment team"),
    "treatment_discharge_report": _l("treatment discharge report"),
    "passport": _l("passport or foreign identity document"),
    "driving_licence": _l("driving licence"),
    "sentence_served_certificate": _l("certificate of sentence served"),
}

VALUE_LABELS: dict[str, Mapping[str, LazyString]] = {
    "documents": DOCUMENTS,
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

#: Attributes as nouns, for reasons ("Region not known: ...").
ATTRIBUTE_NOUNS: dict[str, LazyString] = {
    "age": _l("Age"),
    "gender": _l("Gender"),
    "region": _l("Region"),
    "commune": _l("Commune"),
    "schooling": _l("Schooling"),
    "justice_status": _l("Situation with the law"),
    "rsh_band": _l("Registro Social de Hogares bracket"),
    "treatment_stage": _l("Treatment"),
    "has_children": _l("Has children"),
    "youngest_child_age": _l("Youngest child's age"),
    "nationality": _l("Nationality"),
    "migration_status": _l("Migration status"),
    "employment_status": _l("Work situation"),
    "housing_status": _l("Housing situation"),
    "disability": _l("Has a disability"),
    "indigenous": _l("Belongs to an indigenous people"),
    "has_identity_card": _l("Has an identity card"),
    "documents": _l("Documents"),
}

NEED_LEVELS: dict[NeedLevel, LazyString] = {
    NeedLevel.NONE: _l("no need"),
    NeedLevel.LOW: _l("low need"),
    NeedLevel.MEDIUM: _l("medium need"),
    NeedLevel.HIGH: _l("high need"),
    NeedLevel.UNKNOWN: _l("not assessed"),
}
SOURCES: dict[Source, LazyString] = {
    Source.SELF_REPORT: _l("said by the person"),
    Source.DOCUMENT: _l("seen in a document"),
    Source.PROFESSIONAL: _l("assessed by a professional"),
}
OUTCOMES: dict[Outcome, LazyString] = {
    Outcome.PASS: _l("meets it"),
    Outcome.FAIL: _l("does not meet it"),
    Outcome.UNKNOWN: _l("to check"),
}
STATUSES: dict[str, LazyString] = {"eligible": _l("eligible"), "check": _l("check first")}
TERMS: dict[str, LazyString] = {
    "need_fit": _l("fits the needs"),
    "preferential_access": _l("priority through an agreement"),
    "proximity": _l("close to where the person lives"),
    "targeting": _l("aimed at the person's situation"),
    "freshness": _l("recently verified information"),
    "unknowns": _l("things still to check"),
}
ANCHORS: dict[str, LazyString] = {
    "in_crisis": _l("in crisis"),
    "struggling": _l("struggling"),
    "getting_by": _l("getting by"),
    "doing_well": _l("doing well"),
    "thriving": _l("thriving"),
}
ANCHOR_BY_NUMBER: dict[int, LazyString] = {n: ANCHORS[i] for n, i in ANCHOR_IDS.items()}
CAPITALS: dict[str, LazyString] = {
    "global": _l("Global capital"),
    "human": _l("Human capital"),
    "physical": _l("Physical capital"),
    "social": _l("Social capital"),
}
QUESTIONS: dict[str, LazyString] = {
    "employment.work": _l("Does the person have work that they can keep?"),
    "employment.job_search": _l("Can the person look for and find a job?"),
    "training.skills": _l("Does the person have a trade or skills that employers ask for?"),
    "training.certified": _l("Are the person's skills certified?"),
    "education.schooling": _l("Has the person finished the schooling they want?"),
    "education.literacy": _l("Can the person read, write and count for daily life?"),
    "housing.place_to_live": _l("Does the person have a place to live for the coming months?"),
    "housing.safety": _l("Is where the person lives safe and supportive of recovery?"),
    "income.enough_money": _l("Does the household's income cover food, rent and bills?"),
    "income.benefits": _l("Does the person receive the benefits they are entitled to?"),
    "health.care": _l("Is the person's physical and mental health looked after?"),
    "health.medication": _l("Can the person get the care and medicines they need?"),
    "family.relationships": _l("Are the person's family relationships a support?"),
    "family.parenting": _l("Can the person care for their children as they want?"),
    "social_support.people": _l("Does the person have people to turn to?"),
    "social_support.recovery_group": _l("Does the person have a recovery or self-help group?"),
    "participation.activities": _l("Does the person have activities they enjoy, drug-free?"),
    "participation.community": _l("Does the person take part in community life?"),
    "justice.legal_matters": _l("Are the person's legal matters under control?"),
    "justice.record": _l("Does a criminal record stand in the way of work or housing?"),
    "documentation.identity_card": _l("Does the person have a valid identity card?"),
    "documentation.registrations": _l(
        "Is the person registered where they need to be (health, Registro Social de Hogares)?"
    ),
    "childcare.care_while_busy": _l(
        "Are the children cared for while the person works, studies or is in treatment?"
    ),
    "childcare.school_for_children": _l("Do the children have a place at school or nursery?"),
}

_AT_LEAST = _l("%(attribute)s not known: check it is at least %(expected)s")
_AT_MOST = _l("%(attribute)s not known: check it is at most %(expected)s")
_BETWEEN = _l("%(attribute)s not known: check it is between %(low)s and %(high)s")
_IS = _l("%(attribute)s not known: check it is %(expected)s")
_IS_NOT = _l("%(attribute)s not known: check it is not %(expected)s")
_AGE_MIN = _l("%(actual)s years old, the minimum is %(expected)s")
_AGE_MAX = _l("%(actual)s years old, the maximum is %(expected)s")
_AGE_RANGE = _l("%(actual)s years old, the offer is for ages %(low)s to %(high)s")
_MIN = _l("%(attribute)s: %(actual)s, the minimum is %(expected)s")
_MAX = _l("%(attribute)s: %(actual)s, the maximum is %(expected)s")
_RANGE = _l("%(attribute)s: %(actual)s, the offer asks for %(low)s to %(high)s")
_LIVES = _l("Lives in %(actual)s, where the offer is available")
_LIVES_ELSEWHERE = _l("Lives in %(actual)s, the offer is only for %(expected)s")
_WHERE = _l("%(attribute)s not known: check the person lives in %(expected)s")

#: Reason code -> sentence (``%(name)s`` placeholders take the reason's values, worded).
REASONS: dict[str, LazyString] = {
    "group.pass": _l("Meets one of the %(alternatives)s alternatives"),
    "group.fail": _l("Meets none of the %(alternatives)s alternatives"),
    "group.unknown": _l("Check one of the %(alternatives)s alternatives"),
    "area.pass": _LIVES,
    "area.fail": _LIVES_ELSEWHERE,
    "area.unknown": _WHERE,
    "age.gte.pass": _AGE_MIN,
    "age.gte.fail": _AGE_MIN,
    "age.gte.unknown": _AT_LEAST,
    "age.lte.pass": _AGE_MAX,
    "age.lte.fail": _AGE_MAX,
    "age.lte.unknown": _AT_MOST,
    "age.between.pass": _AGE_RANGE,
    "age.between.fail": _AGE_RANGE,
    "age.between.unknown": _BETWEEN,
    "age.in.pass": _l("%(actual)s years old, as the offer asks"),
    "age.in.fail": _l("%(actual)s years old, the offer is for ages %(expected)s"),
    "age.in.unknown": _IS,
    "age.not_in.pass": _l("%(actual)s years old, an age the offer takes"),
    "age.not_in.fail": _l("%(actual)s years old, an age the offer excludes"),
    "age.not_in.unknown": _IS_NOT,
    "place.in.pass": _LIVES,
    "place.in.fail": _LIVES_ELSEWHERE,
    "place.in.unknown": _WHERE,
    "place.not_in.pass": _l("Lives in %(actual)s, which the offer does not exclude"),
    "place.not_in.fail": _l("Lives in %(actual)s, which the offer excludes"),
    "place.not_in.unknown": _l(
        "%(attribute)s not known: check the person does not live in %(expected)s"
    ),
    "documents.has.pass": _l("Holds: %(expected)s"),
    "documents.has.fail": _l("Does not hold: %(missing)s"),
    "documents.has.unknown": _l("Documents not known: check the person holds %(expected)s"),
    "attribute.in.pass": _l("%(attribute)s: %(actual)s, as the offer asks"),
    "attribute.in.fail": _l("%(attribute)s: %(actual)s, the offer is for %(expected)s"),
    "attribute.in.unknown": _IS,
    "attribute.not_in.pass": _l("%(attribute)s: %(actual)s, which the offer does not exclude"),
    "attribute.not_in.fail": _l("%(attribute)s: %(actual)s, which the offer excludes"),
    "attribute.not_in.unknown": _IS_NOT,
    "attribute.gte.pass": _MIN,
    "attribute.gte.fail": _MIN,
    "attribute.gte.unknown": _AT_LEAST,
    "attribute.lte.pass": _MAX,
    "attribute.lte.fail": _MAX,
    "attribute.lte.unknown": _AT_MOST,
    "attribute.between.pass": _RANGE,
    "attribute.between.fail": _RANGE,
    "attribute.between.unknown": _BETWEEN,
}


#: A rule that aims an offer at a situation, as the situation ("aged 65 or more"), by
#: reason family and operator (``enlace.matching.targeting``: age and other attributes).
AIMS: dict[str, LazyString] = {
    "age.gte": _l("aged %(expected)s or more"),
    "age.lte": _l("aged up to %(expected)s"),
    "age.between": _l("aged %(low)s to %(high)s"),
    "attribute.in": _l("%(attribute)s: %(expected)s"),
    "attribute.not_in": _l("%(attribute)s: not %(expected)s"),
    "attribute.gte": _l("%(attribute)s: at least %(expected)s"),
    "attribute.lte": _l("%(attribute)s: at most %(expected)s"),
    "attribute.between": _l("%(attribute)s: %(low)s to %(high)s"),
}


def word(attribute: str, value: Any, places: Mapping[str, str]) -> str:
    """One value in words: a label, a place name, yes/no, or the number itself."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return ", ".join(word(attribute, v, places) for v in items)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    labels = VALUE_LABELS.get(attribute, {})
    if isinstance(value, str) and value in labels:
        return str(labels[value])
    if attribute in ("region", "commune"):
        return places.get(str(value), str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def reason_text(reason: Reason, places: Mapping[str, str] | None = None) -> str:
    """A reason as a sentence in the current language; ``places`` names codes."""
    places = places or {}
    attribute = str(reason.values.get("attribute", ""))
    values: dict[str, Any] = {}
    for key, value in reason.values.items():
        if key == "attribute":
            values[key] = str(ATTRIBUTE_NOUNS.get(attribute, attribute))
        elif key == "alternatives":
            values[key] = value
        else:
            values[key] = word(attribute, value, places)
    sentence = REASONS.get(reason.code)
    if sentence is None:
        return reason.code
    return str(sentence) % values


def aim_text(reason: Reason, places: Mapping[str, str] | None = None) -> str:
    """A rule the person passes that aims an offer at her situation, as that situation
    ("aged 65 or more", "housing situation: living on the street")."""
    family, op, _outcome = reason.code.split(".")
    sentence = AIMS.get(f"{family}.{op}")
    if sentence is None:
        return reason_text(reason, places)
    attribute = str(reason.values.get("attribute", ""))
    noun = str(ATTRIBUTE_NOUNS.get(attribute, attribute))
    values: dict[str, Any] = {"attribute": noun[:1].lower() + noun[1:]}
    for key in ("expected", "low", "high"):
        if key in reason.values:
            values[key] = word(attribute, reason.values[key], places or {})
    return str(sentence) % values
