"""The closed vocabularies of casework: plain data, importable from anywhere.

Every value is a stored code; the pages label them (``web/labels.py``), never show them raw.
"""

from __future__ import annotations

from enum import StrEnum


class ReferralStatus(StrEnum):
    """Where a referral stands; the allowed moves are in :mod:`enlace.casework.lifecycle`."""

    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    IN_SERVICE = "in_service"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    CANCELLED = "cancelled"  # by the referring centre
    SET_ASIDE = "set_aside"  # a match the case manager decided not to refer (recorded, closed)


#: Statuses after which nothing more happens.
CLOSED_STATUSES: frozenset[ReferralStatus] = frozenset(
    {
        ReferralStatus.DECLINED,
        ReferralStatus.COMPLETED,
        ReferralStatus.NOT_COMPLETED,
        ReferralStatus.CANCELLED,
        ReferralStatus.SET_ASIDE,
    }
)
#: Statuses a caseload lists as open (sent out, not yet closed).
OPEN_STATUSES: tuple[ReferralStatus, ...] = (
    ReferralStatus.DRAFT,
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.WAITLISTED,
    ReferralStatus.IN_SERVICE,
)


class NegativeReason(StrEnum):
    """Why a referral ended badly (declined, not completed, cancelled)."""

    NO_CAPACITY = "no_capacity"
    NOT_ELIGIBLE = "not_eligible"
    OUT_OF_AREA = "out_of_area"
    MISSING_DOCUMENTS = "missing_documents"
    COULD_NOT_CONTACT = "could_not_contact"
    NOT_INTERESTED = "not_interested"
    OTHER = "other"  # with text


class Decision(StrEnum):
    """What the case manager did with a match result."""

    CHOSEN = "chosen"
    SET_ASIDE = "set_aside"


class ReferralOrigin(StrEnum):
    MATCH = "match"  # from a match result, with its snapshot
    OFFER = "offer"  # from any offer page


class Actor(StrEnum):
    """Who makes a referral move: the referring centre or the receiving agency (by link)."""

    CENTRE = "centre"
    AGENCY = "agency"


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"  # with a reason


class ConsentMethod(StrEnum):
    """How the person gave consent."""

    SIGNED_PAPER = "signed_paper"
    IN_PERSON = "in_person"


class ConsentPurpose(StrEnum):
    REFERRAL = "referral"
    TRANSFER = "transfer"


class RevocationChannel(StrEnum):
    IN_PERSON = "in_person"
    WRITTEN = "written"
    PHONE = "phone"


class DataCategory(StrEnum):
    """What a consent lets the centre share with the recipient."""

    AGE = "age"  # age in years, from the year of birth
    LOCATION = "location"  # region and commune
    NEEDS = "needs"  # need levels of the domains the offer serves
    PLAN_GOALS = "plan_goals"  # goals the referral serves
    SCHOOLING = "schooling"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    FAMILY = "family"  # children and their ages
    JUSTICE = "justice"
    DOCUMENTS = "documents"  # identity card, nationality, migration status
    SOCIAL_PROTECTION = "social_protection"  # RSH band, disability, indigenous people
    TREATMENT = "treatment"  # treatment stage: sensitive
    SUBSTANCE_USE = "substance_use"  # sensitive


#: Off by default; the person must choose each of them explicitly.
SENSITIVE_CATEGORIES: frozenset[DataCategory] = frozenset(
    {DataCategory.TREATMENT, DataCategory.SUBSTANCE_USE}
)

#: Which needs-profile attributes each category carries (the rest is never shared).
CATEGORY_ATTRIBUTES: dict[DataCategory, tuple[str, ...]] = {
    DataCategory.AGE: ("age",),
    DataCategory.LOCATION: ("region", "commune"),
    DataCategory.SCHOOLING: ("schooling",),
    DataCategory.EMPLOYMENT: ("employment_status",),
    DataCategory.HOUSING: ("housing_status",),
    DataCategory.FAMILY: ("has_children", "youngest_child_age"),
    DataCategory.JUSTICE: ("justice_status",),
    DataCategory.DOCUMENTS: ("has_identity_card", "nationality", "migration_status"),
    DataCategory.SOCIAL_PROTECTION: ("rsh_band", "disability", "indigenous"),
    DataCategory.TREATMENT: ("treatment_stage",),
    DataCategory.SUBSTANCE_USE: ("substance", "substance_use"),
    DataCategory.NEEDS: (),
    DataCategory.PLAN_GOALS: (),
}


class WorkOutcome(StrEnum):
    """Work at a follow-up."""

    FORMAL = "formal"
    INFORMAL = "informal"
    NONE = "none"


class StudiesOutcome(StrEnum):
    """Training or studies at a follow-up."""

    UNDER_WAY = "under_way"
    FINISHED = "finished"
    NONE = "none"


class HousingOutcome(StrEnum):
    """Housing at a follow-up."""

    STABLE = "stable"
    UNSTABLE = "unstable"
    STREET = "street"


class DisclosureKind(StrEnum):
    """The accounting of disclosures: each time participant data leaves the centre."""

    LETTER = "letter"
    LINK_VIEW = "link_view"
    EXPORT = "export"
    TRANSFER = "transfer"


class Purpose(StrEnum):
    """Why participant data was touched (``details["purpose"]`` of each audit entry)."""

    CASE_MANAGEMENT = "case_management"
    REFERRAL = "referral"
    AGENCY_RESPONSE = "agency_response"
    TRANSFER = "transfer"
    RIGHTS_REQUEST = "rights_request"  # the person's export or deletion request
    RETENTION = "retention"


class CaseworkAction(StrEnum):
    """The audit actions casework writes (lowercase, dotted, as the audit log wants)."""

    PARTICIPANT_CREATED = "participant.created"
    PARTICIPANT_UPDATED = "participant.updated"
    PARTICIPANT_VIEWED = "participant.viewed"
    PARTICIPANT_FOUND = "participant.found"  # a search hit
    PARTICIPANT_EXPORTED = "participant.exported"
    PARTICIPANT_DELETED = "participant.deleted"
    PARTICIPANT_PURGED = "participant.purged"
    PARTICIPANT_TRANSFERRED = "participant.transferred"
    ASSESSMENT_RECORDED = "assessment.recorded"
    FOLLOW_UP_RECORDED = "follow_up.recorded"
    GOAL_CREATED = "goal.created"
    GOAL_UPDATED = "goal.updated"
    GOAL_DELETED = "goal.deleted"
    REFERRAL_CREATED = "referral.created"
    REFERRAL_STATUS = "referral.status"
    REFERRAL_PRINTED = "referral.printed"
    PLAN_PRINTED = "plan.printed"
    CONSENT_RECORDED = "consent.recorded"
    CONSENT_REVOKED = "consent.revoked"
    LINK_CREATED = "link.created"
    LINK_REVOKED = "link.revoked"
    LINK_OPENED = "link.opened"
    LINK_REFUSED = "link.refused"  # unknown, expired, revoked, withdrawn consent, rate limited
    DISCLOSURES_VIEWED = "disclosures.viewed"
    CASELOAD_VIEWED = "caseload.viewed"


#: ``target_type`` of casework audit entries.
PARTICIPANT_TARGET = "participant"
