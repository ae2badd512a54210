"""Words for the evaluation tables' codes: stages, columns, outcomes, splits (the dashboard,
its report and snapshots, the agency page and the follow-up form share them)."""

from __future__ import annotations

from flask_babel import LazyString

from enlace.casework.vocab import HousingOutcome, NegativeReason, StudiesOutcome, WorkOutcome
from enlace.evaluation.tables import Stage
from enlace.i18n import _l

STAGES: dict[Stage, LazyString] = {
    Stage.ASSESSED: _l("Assessed"),
    Stage.PLANNED: _l("With a plan"),
    Stage.REFERRED: _l("Referred"),
    Stage.ACCEPTED: _l("Accepted"),
    Stage.IN_SERVICE: _l("In service"),
    Stage.COMPLETED: _l("Completed"),
}
WORK: dict[WorkOutcome, LazyString] = {
    WorkOutcome.FORMAL: _l("Formal work"),
    WorkOutcome.INFORMAL: _l("Informal work"),
    WorkOutcome.NONE: _l("No work"),
}
STUDIES: dict[StudiesOutcome, LazyString] = {
    StudiesOutcome.UNDER_WAY: _l("Training or studies under way"),
    StudiesOutcome.FINISHED: _l("Training or studies finished"),
    StudiesOutcome.NONE: _l("No training or studies"),
}
HOUSING: dict[HousingOutcome, LazyString] = {
    HousingOutcome.STABLE: _l("Stable housing"),
    HousingOutcome.UNSTABLE: _l("Unstable housing"),
    HousingOutcome.STREET: _l("Living on the street"),
}
REASONS: dict[NegativeReason, LazyString] = {
    NegativeReason.NO_CAPACITY: _l("No places"),
    NegativeReason.NOT_ELIGIBLE: _l("Not eligible"),
    NegativeReason.OUT_OF_AREA: _l("Outside the area"),
    NegativeReason.MISSING_DOCUMENTS: _l("Missing documents"),
    NegativeReason.COULD_NOT_CONTACT: _l("Could not be contacted"),
    NegativeReason.NOT_INTERESTED: _l("Not interested"),
    NegativeReason.OTHER: _l("Other reason"),
}
#: Column codes of the tables that are not a vocabulary of their own.
COLUMNS: dict[str, LazyString] = {
    "sent": _l("Sent"),
    "within_7": _l("Answered within 7 days"),
    "within_30": _l("Answered within 30 days"),
    "answered": _l("Answered"),
    "no_answer": _l("No answer"),
    "declined": _l("Declined"),
    "not_completed": _l("Not completed"),
    "cancelled": _l("Cancelled"),
    "better": _l("Lower need"),
    "same": _l("Same need"),
    "worse": _l("Higher need"),
    "referrals": _l("Referrals"),
    "quota_used": _l("Places of the quota used"),
    "received": _l("Received"),
    "yes": _l("In a group or activity"),
    "no": _l("Not in a group or activity"),
}
RATES: dict[str, LazyString] = {
    "accepted_share": _l("Share accepted"),
    "completed_share": _l("Share completed"),
    "within_7_share": _l("Share answered within 7 days"),
    "within_30_share": _l("Share answered within 30 days"),
    "no_answer_share": _l("Share with no answer"),
    "answered_share": _l("Share answered"),
}
FIGURES: dict[str, LazyString] = {
    "median_days_to_answer": _l("Median days to the agency's answer"),
    "median_days_to_service": _l("Median days to the start of service"),
}
SPLITS: dict[str, LazyString] = {
    "gender": _l("Gender"),
    "age": _l("Age band"),
    "region": _l("Region"),
}
GROUPS: dict[str, LazyString] = {
    "female": _l("Women"),
    "male": _l("Men"),
    "non_binary": _l("Non-binary people"),
    "not_stated": _l("Gender not stated"),
    "under_25": _l("Under 25"),
    "25_34": _l("25 to 34"),
    "35_44": _l("35 to 44"),
    "45_54": _l("45 to 54"),
    "55_plus": _l("55 and over"),
}
#: Each table's title and what it counts (screen readers read both with the chart).
TITLES: dict[str, tuple[LazyString, LazyString]] = {
    "funnel_month": (
        _l("Referral funnel by month"),
        _l("Participants first assessed in each month, and how far they got."),
    ),
    "funnel_place": (
        _l("Referral funnel by place"),
        _l(
            "Participants first assessed in the period, by region (or centre), and "
            "how far they got."
        ),
    ),
    "funnel_domain": (
        _l("Referrals by need domain"),
        _l(
            "Referrals sent in the period, by the main need domain of the offer, "
            "and how far they got."
        ),
    ),
    "funnel_kind": (
        _l("Referrals by kind of offer"),
        _l("Referrals sent in the period, by kind of offer, and how far they got."),
    ),
    "loop": (
        _l("Closing the loop"),
        _l("Referrals sent in the period and how soon the agency answered."),
    ),
    "endings": (
        _l("Declines and cancellations by reason"),
        _l("Referrals sent in the period that were declined, not completed or cancelled."),
    ),
    "unmet": (
        _l("Unmet high needs"),
        _l(
            "Participants whose latest assessment shows a high need that is not "
            "met, by region and domain."
        ),
    ),
    "coverage": (
        _l("Offers in the network"),
        _l(
            "Offers available in each region and domain, and those with a priority "
            "path (offers, not people)."
        ),
    ),
    "need_change": (
        _l("Change in need levels"),
        _l(
            "Participants assessed again in the period: need level in their latest "
            "assessment against their first."
        ),
    ),
    "agreements": (
        _l("Referrals per agreement"),
        _l(
            "Referrals sent in the period under each agreement, and the places of "
            "its quota they used."
        ),
    ),
    "agencies": (
        _l("Acceptance by agency"),
        _l("Referrals each agency received in the period and how many it accepted and completed."),
    ),
    "outcomes_work": (
        _l("Work at follow-up"),
        _l("Follow-ups recorded in the period, by months after the plan began."),
    ),
    "outcomes_studies": (
        _l("Training or studies at follow-up"),
        _l("Follow-ups recorded in the period, by months after the plan began."),
    ),
    "outcomes_housing": (
        _l("Housing at follow-up"),
        _l("Follow-ups recorded in the period, by months after the plan began."),
    ),
    "outcomes_group": (
        _l("Groups and activities at follow-up"),
        _l("Follow-ups recorded in the period, by months after the plan began."),
    ),
    "agency": (
        _l("Referrals received by month"),
        _l("Referrals sent to this agency's offers in the period, by month sent."),
    ),
}
#: What each table's rows are (the heading of its first column).
ROW_HEADINGS: dict[str, LazyString] = {
    "funnel_month": _l("Month of first assessment"),
    "funnel_place": _l("Place"),
    "funnel_domain": _l("Need domain"),
    "funnel_kind": _l("Kind of offer"),
    "loop": _l("Place"),
    "endings": _l("Reason"),
    "unmet": _l("Region"),
    "coverage": _l("Region"),
    "need_change": _l("Need domain"),
    "agreements": _l("Agreement"),
    "agencies": _l("Agency"),
    "outcomes_work": _l("Follow-up point and group"),
    "outcomes_studies": _l("Follow-up point and group"),
    "outcomes_housing": _l("Follow-up point and group"),
    "outcomes_group": _l("Follow-up point and group"),
    "agency": _l("Month sent"),
}
