"""Labels of the needs assessment and matching (issue 12): levels, sources, SISTRAT's
capitals, the profile's attributes and their values, the instrument's questions and
anchors, score terms. Kept apart from :mod:`enlace.web.labels` (which lists the enum
tables among them) so neither grows past a readable size.
"""

from __future__ import annotations

from flask_babel import LazyString

from enlace.i18n import _l

NEED_LEVELS: dict[str, LazyString] = {
    "unknown": _l("Not known"),
    "none": _l("No need"),
    "low": _l("Low need"),
    "medium": _l("Medium need"),
    "high": _l("High need"),
}
ATTRIBUTE_SOURCES: dict[str, LazyString] = {
    "self_report": _l("Said by the person"),
    "document": _l("Seen in a document"),
    "professional": _l("Professional judgement"),
}
#: The four capitals of SISTRAT's diagnosis of integration needs.
CAPITALS: dict[str, LazyString] = {
    "global": _l("Global integration capital"),
    "human": _l("Human capital"),
    "physical": _l("Physical capital"),
    "social": _l("Social capital"),
}
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
#: Documents a person may hold (``enlace.matching.rules.DOCUMENTS``).
DOCUMENTS: dict[str, LazyString] = {
    "identity_card": _l("Identity card"),
    "rsh_statement": _l("Registro Social de Hogares statement"),
    "birth_certificate_children": _l("Children's birth certificates"),
    "criminal_record_certificate": _l("Criminal record certificate"),
    "schooling_certificate": _l("Schooling certificate"),
    "housing_savings_book": _l("Housing savings book"),
    "residence_certificate": _l("Certificate of residence"),
    "disability_credential": _l("Disability credential"),
    "indigenous_certificate": _l("Indigenous status certificate"),
    "treatment_referral": _l("Referral from the treatment centre"),
    "treatment_discharge_report": _l("Treatment discharge report"),
    "passport": _l("Passport"),
    "driving_licence": _l("Driving licence"),
    "sentence_served_certificate": _l("Certificate of sentence served"),
}
#: Yes / no / not known, for the true-or-false attributes.
YES_NO: dict[str, LazyString] = {"yes": _l("Yes"), "no": _l("No")}
#: How far from the person an offer may be (the results' distance filter).
DISTANCES: dict[str, LazyString] = {
    "national": _l("Anywhere in Chile"),
    "regional": _l("Offers of a region or a commune"),
    "communal": _l("Offers of a commune only"),
}
#: The terms of a match's score.
SCORE_TERMS: dict[str, LazyString] = {
    "need_fit": _l("Fit with the needs"),
    "preferential_access": _l("Priority through an agreement"),
    "proximity": _l("Close to where the person lives"),
    "freshness": _l("Recently verified information"),
    "unknowns": _l("Things still to check"),
}
#: The instrument's anchors, 1 to 5 (``enlace.matching.instrument.ANCHOR_IDS``).
ANCHORS: dict[str, LazyString] = {
    "in_crisis": _l("1 · In crisis"),
    "struggling": _l("2 · Struggling"),
    "getting_by": _l("3 · Getting by"),
    "doing_well": _l("4 · Doing well"),
    "thriving": _l("5 · Thriving"),
}
#: Enlace's own assessment questions (``enlace.matching.instrument.QUESTIONS``), asked
#: of the person by the case manager; answered on the anchors above.
QUESTIONS: dict[str, LazyString] = {
    "employment.work": _l("Do they have work that pays enough and that they can keep?"),
    "employment.job_search": _l("Can they look for work on their own (CV, interviews, offers)?"),
    "training.skills": _l("Do they have a trade or skills that employers ask for?"),
    "training.certified": _l("Are their skills certified or recognised?"),
    "education.schooling": _l("Have they finished the schooling they need for their plans?"),
    "education.literacy": _l("Can they read, write and do sums for daily life?"),
    "housing.place_to_live": _l("Do they have a stable place to live?"),
    "housing.safety": _l("Is that place safe and good for their recovery?"),
    "income.enough_money": _l("Does their income cover food, rent and bills?"),
    "income.benefits": _l("Do they receive the benefits they are entitled to?"),
    "health.care": _l("Are their physical and mental health looked after?"),
    "health.medication": _l("Can they get the care and medicines they need?"),
    "family.relationships": _l("Are their family relationships a support?"),
    "family.parenting": _l("Can they look after their children or dependants as they wish?"),
    "social_support.people": _l("Do they have people they can count on?"),
    "social_support.recovery_group": _l("Do they take part in a self-help or recovery group?"),
    "participation.activities": _l("Do they have activities they enjoy (sport, culture, hobbies)?"),
    "participation.community": _l("Do they take part in their neighbourhood or community?"),
    "justice.legal_matters": _l("Are their matters with the law settled or under control?"),
    "justice.record": _l("Does a criminal record stand in the way of work or housing?"),
    "documentation.identity_card": _l("Do they have a valid identity card?"),
    "documentation.registrations": _l("Are they registered where they need to be (RSH, health, pension)?"),
    "childcare.care_while_busy": _l("Is there someone to look after their children while they work or study?"),
    "childcare.school_for_children": _l("Do their children have a place at a nursery or school?"),
}
CHOOSE_A_CAPITAL = _l("Choose the level of at least one capital to start from.")
