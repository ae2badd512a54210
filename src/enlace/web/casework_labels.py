"""Labels and messages of casework: every code the casework services store or refuse with,
in words (staff pages and the receiving agency's page share them, so they sit beside
``labels``). Codes are never shown to people.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import LazyString

from enlace.casework.codes import FileNumberProblem
from enlace.casework.vocab import (
    CaseworkAction,
    ConsentMethod,
    ConsentPurpose,
    DataCategory,
    Decision,
    DisclosureKind,
    GoalStatus,
    NegativeReason,
    Purpose,
    ReferralOrigin,
    ReferralStatus,
    RevocationChannel,
)
from enlace.i18n import _l

REFERRAL_STATUSES: dict[ReferralStatus, LazyString] = {
    ReferralStatus.DRAFT: _l("Draft"),
    ReferralStatus.SENT: _l("Sent, waiting for an answer"),
    ReferralStatus.ACCEPTED: _l("Accepted"),
    ReferralStatus.WAITLISTED: _l("On the waiting list"),
    ReferralStatus.DECLINED: _l("Declined"),
    ReferralStatus.IN_SERVICE: _l("In service"),
    ReferralStatus.COMPLETED: _l("Completed"),
    ReferralStatus.NOT_COMPLETED: _l("Not completed"),
    ReferralStatus.CANCELLED: _l("Cancelled by the centre"),
    ReferralStatus.SET_ASIDE: _l("Set aside"),
}
#: The button that moves a referral to a status (a verb, not the state).
STATUS_ACTIONS: dict[ReferralStatus, LazyString] = {
    ReferralStatus.DRAFT: _l("Keep as draft"),
    ReferralStatus.SENT: _l("Send the referral"),
    ReferralStatus.ACCEPTED: _l("Accept"),
    ReferralStatus.WAITLISTED: _l("Put on the waiting list"),
    ReferralStatus.DECLINED: _l("Decline"),
    ReferralStatus.IN_SERVICE: _l("The person is in service"),
    ReferralStatus.COMPLETED: _l("Completed"),
    ReferralStatus.NOT_COMPLETED: _l("Not completed"),
    ReferralStatus.CANCELLED: _l("Cancel the referral"),
    ReferralStatus.SET_ASIDE: _l("Set aside"),
}
NEGATIVE_REASONS: dict[NegativeReason, LazyString] = {
    NegativeReason.NO_CAPACITY: _l("No places available"),
    NegativeReason.NOT_ELIGIBLE: _l("The person is not eligible"),
    NegativeReason.OUT_OF_AREA: _l("Outside the area served"),
    NegativeReason.MISSING_DOCUMENTS: _l("Documents missing"),
    NegativeReason.COULD_NOT_CONTACT: _l("Could not contact the person"),
    NegativeReason.NOT_INTERESTED: _l("The person is not interested"),
    NegativeReason.OTHER: _l("Other reason (write it)"),
}
DECISIONS: dict[Decision, LazyString] = {
    Decision.CHOSEN: _l("Chosen"),
    Decision.SET_ASIDE: _l("Set aside"),
}
ORIGINS: dict[ReferralOrigin, LazyString] = {
    ReferralOrigin.MATCH: _l("From a suggested match"),
    ReferralOrigin.OFFER: _l("From an offer chosen by hand"),
}
GOAL_STATUSES: dict[GoalStatus, LazyString] = {
    GoalStatus.NOT_STARTED: _l("Not started"),
    GoalStatus.IN_PROGRESS: _l("In progress"),
    GoalStatus.ACHIEVED: _l("Achieved"),
    GoalStatus.DROPPED: _l("Dropped"),
}
CONSENT_METHODS: dict[ConsentMethod, LazyString] = {
    ConsentMethod.SIGNED_PAPER: _l("Signed on paper"),
    ConsentMethod.IN_PERSON: _l("Given in person"),
}
CONSENT_PURPOSES: dict[ConsentPurpose, LazyString] = {
    ConsentPurpose.REFERRAL: _l("Referral"),
    ConsentPurpose.TRANSFER: _l("Transfer to another centre"),
}
REVOCATION_CHANNELS: dict[RevocationChannel, LazyString] = {
    RevocationChannel.IN_PERSON: _l("In person"),
    RevocationChannel.WRITTEN: _l("In writing"),
    RevocationChannel.PHONE: _l("By phone"),
}
DATA_CATEGORIES: dict[DataCategory, LazyString] = {
    DataCategory.AGE: _l("Age"),
    DataCategory.LOCATION: _l("Region and commune"),
    DataCategory.NEEDS: _l("Need levels the offer serves"),
    DataCategory.PLAN_GOALS: _l("Plan goals this referral serves"),
    DataCategory.SCHOOLING: _l("Schooling"),
    DataCategory.EMPLOYMENT: _l("Employment situation"),
    DataCategory.HOUSING: _l("Housing situation"),
    DataCategory.FAMILY: _l("Children and their ages"),
    DataCategory.JUSTICE: _l("Situation with the justice system"),
    DataCategory.DOCUMENTS: _l("Identity documents, nationality and migration status"),
    DataCategory.SOCIAL_PROTECTION: _l("Social registry band, disability, indigenous people"),
    DataCategory.TREATMENT: _l("Drug treatment stage (sensitive)"),
    DataCategory.SUBSTANCE_USE: _l("Substance use (sensitive)"),
}
DISCLOSURE_KINDS: dict[DisclosureKind, LazyString] = {
    DisclosureKind.LETTER: _l("Referral letter printed"),
    DisclosureKind.LINK_VIEW: _l("Receiving agency opened its link"),
    DisclosureKind.EXPORT: _l("Data exported for the person"),
    DisclosureKind.TRANSFER: _l("Transfer to another centre"),
}
PURPOSES: dict[Purpose, LazyString] = {
    Purpose.CASE_MANAGEMENT: _l("Case management"),
    Purpose.REFERRAL: _l("Referral"),
    Purpose.AGENCY_RESPONSE: _l("Answer of the receiving agency"),
    Purpose.TRANSFER: _l("Transfer"),
    Purpose.RIGHTS_REQUEST: _l("Request of the person"),
    Purpose.RETENTION: _l("Retention period"),
}
CASEWORK_ACTIONS: dict[CaseworkAction, LazyString] = {
    CaseworkAction.PARTICIPANT_CREATED: _l("Participant registered"),
    CaseworkAction.PARTICIPANT_UPDATED: _l("Participant changed"),
    CaseworkAction.PARTICIPANT_VIEWED: _l("Participant viewed"),
    CaseworkAction.PARTICIPANT_FOUND: _l("Participant found by a search"),
    CaseworkAction.FOLLOW_UP_RECORDED: _l("Outcome follow-up recorded"),
    CaseworkAction.PARTICIPANT_EXPORTED: _l("Participant's data exported"),
    CaseworkAction.PARTICIPANT_DELETED: _l("Participant deleted on request"),
    CaseworkAction.PARTICIPANT_PURGED: _l("Participant deleted after the retention period"),
    CaseworkAction.PARTICIPANT_TRANSFERRED: _l("Participant transferred"),
    CaseworkAction.ASSESSMENT_RECORDED: _l("Assessment recorded"),
    CaseworkAction.GOAL_CREATED: _l("Plan goal added"),
    CaseworkAction.GOAL_UPDATED: _l("Plan goal changed"),
    CaseworkAction.GOAL_DELETED: _l("Plan goal removed"),
    CaseworkAction.REFERRAL_CREATED: _l("Referral created"),
    CaseworkAction.REFERRAL_STATUS: _l("Referral status changed"),
    CaseworkAction.REFERRAL_PRINTED: _l("Referral letter printed"),
    CaseworkAction.PLAN_PRINTED: _l("Plan printed"),
    CaseworkAction.CONSENT_RECORDED: _l("Consent recorded"),
    CaseworkAction.CONSENT_REVOKED: _l("Consent withdrawn"),
    CaseworkAction.LINK_CREATED: _l("Link for the receiving agency created"),
    CaseworkAction.LINK_REVOKED: _l("Link for the receiving agency revoked"),
    CaseworkAction.LINK_OPENED: _l("Receiving agency's link used"),
    CaseworkAction.LINK_REFUSED: _l("Receiving agency's link refused"),
    CaseworkAction.DISCLOSURES_VIEWED: _l("Accounting of disclosures viewed"),
    CaseworkAction.CASELOAD_VIEWED: _l("Caseload viewed"),
}

#: The notice on every letter and agency page (the same words as ``sharing.NOTICE_MSGID``).
NOTICE = _l(
    "This information is shared with your agency only, under the person's consent and for "
    "this referral. Do not pass it on to anyone else."
)

#: What a refused field says, by the problem code the services give (``InvalidError``).
PROBLEMS: dict[str, LazyString] = {
    "out_of_range": _l("This value is outside the allowed range."),
    "unknown_language": _l("Choose one of the options in the list."),
    "taken": _l("Another participant of your centre already has this file number."),
    "required": _l("This field is required."),
    "too_long": _l("This text is too long."),
    "unknown_domain": _l("Choose one of the options in the list."),
    "unknown_status": _l("Choose one of the options in the list."),
    "unknown_category": _l("Choose one of the options in the list."),
    "sensitive_not_confirmed": _l(
        "Treatment and substance use are sensitive: tick the confirmation that the person "
        "explicitly agreed to share them, or untick them."
    ),
    "unknown_method": _l("Choose one of the options in the list."),
    "unknown_purpose": _l("Choose one of the options in the list."),
    "in_the_future": _l("This date cannot be in the future."),
    "in_the_past": _l("The expiry must be after the date consent was given, and not past."),
    "too_far": _l("Consent can last two years at most."),
    "unknown_agency": _l("Choose one of the options in the list."),
    "not_a_treatment_centre": _l("A participant can only be transferred to a treatment centre."),
    "same_centre": _l("The participant is already at this centre."),
    "unknown_offer": _l("Choose one of the options in the list."),
    "no_priority_under_agreement": _l("This agreement gives your centre no priority here."),
    "not_open": _l("Only a sent, open referral can have a link."),
    "unknown_channel": _l("Choose one of the options in the list."),
    "unknown_goal": _l("Choose one of the options in the list."),
    "unknown_origin": _l("This referral could not be made. Start again."),
    "incomplete": _l("This referral could not be made. Start again."),
    "unknown_decision": _l("This referral could not be made. Start again."),
    "set_aside_needs_match": _l("Only a suggested match can be set aside."),
    "derived": _l("The age comes from the year of birth."),
}
FILE_NUMBER_PROBLEMS: dict[FileNumberProblem, LazyString] = {
    FileNumberProblem.TOO_LONG: _l("Use at most 30 characters."),
    FileNumberProblem.CHARACTERS: _l("Use only letters, digits, spaces and - / ."),
    FileNumberProblem.LOOKS_LIKE_RUT: _l(
        "This looks like a RUT or RUN. Never record national ids: use the centre's own file number."
    ),
    FileNumberProblem.LOOKS_LIKE_PHONE: _l(
        "This looks like a phone number. Use the centre's own file number."
    ),
    FileNumberProblem.LOOKS_LIKE_NAME: _l(
        "This looks like a name. Never record names: use the centre's own file number."
    ),
}
#: Why a referral move was refused (``TransitionError.problem``).
TRANSITION_PROBLEMS: dict[str, LazyString] = {
    "unknown_status": _l("This change is not possible."),
    "closed": _l("This referral is closed: nothing more can change."),
    "not_allowed": _l("This change is not possible from the referral's current status."),
    "not_by_agency": _l("Only the referring centre can make this change."),
    "reason_required": _l("Choose a reason."),
    "unknown_reason": _l("Choose one of the reasons in the list."),
    "text_required": _l("Write the reason when you choose “other”."),
}
#: Why consent does not allow sharing (``ConsentRequiredError.problem``).
CONSENT_PROBLEMS: dict[str, LazyString] = {
    "missing": _l("There is no consent for this referral: record the person's consent first."),
    "revoked": _l("The person withdrew this consent: nothing can be shared."),
    "expired": _l("This consent has expired: record a new one."),
    "other_recipient": _l("This consent names another agency."),
    "other_purpose": _l("This consent was given for another purpose."),
}


def problem_text(field: str, code: str) -> str:
    """A refused field's message in words."""
    if field == "file_number" and code in {p.value for p in FileNumberProblem}:
        return str(FILE_NUMBER_PROBLEMS[FileNumberProblem(code)])
    found_problem = PROBLEMS.get(code)
    return str(found_problem) if found_problem is not None else str(PROBLEMS["out_of_range"])


def from_table(table: Mapping[str, LazyString], code: str) -> str:
    """A problem's words (the first entry when the code is new)."""
    found = table.get(code)
    return str(found if found is not None else next(iter(table.values())))
