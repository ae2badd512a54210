"""Labels of the needs-assessment forms (issue 12): the profile's attributes and their
values as form options, SISTRAT's capital levels, the results' distances.

The engine's codes in sentences (levels, sources, reasons, questions, anchors, terms)
are in :mod:`enlace.web.match_text`; these are the capitalised names a form shows.
"""

from __future__ import annotations

from flask_babel import LazyString

from enlace.i18n import _l

#: A capital's need as SISTRAT records it (high / medium / low).
CAPITAL_LEVELS: dict[str, LazyString] = {
    "high": _l("High need"),
    "medium": _l("Medium need"),
    "low": _l("Low need"),
}
#: The eligibility attributes of a needs profile (``enlace.matching.rules.ATTRIBUTES``).
PROFILE_ATTRIBUTES: dict[str, LazyString] = {
    "age": _l("Age"),
    "gender": _l("Gender"),
    "region": _l("Region where the person lives"),
    "commune": _l("Commune where the person lives"),
    "schooling": _l("Schooling"),
    "justice_status": _l("Situation with the law"),
    "rsh_band": _l("Registro Social de Hogares bracket (%)"),
    "treatment_stage": _l("Treatment stage"),
    "has_children": _l("Has children"),
    "youngest_child_age": _l("Age of the youngest child"),
    "nationality": _l("Nationality"),
    "migration_status": _l("Migration status"),
    "employment_status": _l("Work situation"),
    "housing_status": _l("Housing situation"),
    "disability": _l("Has a disability"),
    "indigenous": _l("Belongs to an indigenous people"),
    "has_identity_card": _l("Has a valid identity card"),
    "documents": _l("Documents the person holds"),
}
#: The values of the eligibility attributes with a closed list, as form options.
ATTRIBUTE_VALUES: dict[str, dict[str, LazyString]] = {
    "gender": {"female": _l("Woman"), "male": _l("Man"), "non_binary": _l("Non-binary")},
    "schooling": {
        "none": _l("No schooling"),
        "primary_incomplete": _l("Primary school not finished"),
        "primary_complete": _l("Primary school finished"),
        "secondary_incomplete": _l("Secondary school not finished"),
        "secondary_complete": _l("Secondary school finished"),
        "technical": _l("Technical studies"),
        "higher": _l("Higher education"),
    },
    "justice_status": {
        "none": _l("No pending matters with the law"),
        "pending_case": _l("Pending court case"),
        "alternative_measure": _l("Serving a sentence in the community"),
        "parole": _l("On parole"),
        "in_prison": _l("In prison"),
        "served_sentence": _l("Sentence already served"),
    },
    "treatment_stage": {
        "in_treatment": _l("In treatment"),
        "discharged": _l("Discharged from treatment"),
        "follow_up": _l("In follow-up after treatment"),
    },
    "nationality": {"chilean": _l("Chilean"), "foreign": _l("Foreign")},
    "migration_status": {
        "regular": _l("Regular"),
        "irregular": _l("Irregular"),
        "in_process": _l("In process"),
    },
    "employment_status": {
        "unemployed": _l("Unemployed"),
        "employed": _l("Employed"),
        "informal": _l("Informal work"),
        "inactive": _l("Not in the labour market"),
    },
    "housing_status": {
        "homeless": _l("Living on the street"),
        "precarious": _l("Precarious housing"),
        "with_family": _l("Living with relatives"),
        "renting": _l("Renting"),
        "owner": _l("Home owner"),
    },
}
#: Yes / no / not known, for the true-or-false attributes.
YES_NO: dict[str, LazyString] = {"yes": _l("Yes"), "no": _l("No")}
#: How far from the person an offer may be (the results' distance filter).
DISTANCES: dict[str, LazyString] = {
    "national": _l("Anywhere in Chile"),
    "regional": _l("Offers of a region or a commune"),
    "communal": _l("Offers of a commune only"),
}
CHOOSE_A_CAPITAL = _l("Choose the level of at least one capital to start from.")
