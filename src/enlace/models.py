"""Every table, imported in one place so metadata and Alembic see the whole schema."""

from __future__ import annotations

from enlace.accounts.models import ApiToken, AuditEntry, LoginThrottle, PasswordResetToken, User
from enlace.casework.facts import PersonFact, SentReferralFact
from enlace.casework.models import (
    Assessment,
    Consent,
    Disclosure,
    FollowUp,
    GoalReferral,
    Participant,
    PlanGoal,
    RecipientLink,
    Referral,
    ReferralEvent,
)
from enlace.casework.need_facts import NeedFact
from enlace.casework.outcome_facts import FollowUpFact
from enlace.casework.rollups import AnswerMonth, PersonMonth, ReferralMonth
from enlace.catalogue.models import (
    Agency,
    EligibilityRule,
    Offer,
    OfferArea,
    OfferCategory,
    OfferDomain,
    RequiredDocument,
)
from enlace.catalogue.places import (
    Commune,
    Contact,
    Location,
    OfferLocation,
    Phone,
    Region,
    Schedule,
)
from enlace.catalogue.revision import CatalogueChange, CatalogueState
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.evaluation.models import EvaluationSnapshot
from enlace.network.models import Agreement, AgreementDomain, AgreementOffer, AgreementParty
from enlace.outbox.models import OutboxAttempt, OutboxMessage
from enlace.stewardship.models import OfferReach, ProblemReport, UpdateRequest

__all__ = [
    "Agency",
    "Agreement",
    "AgreementDomain",
    "AgreementOffer",
    "AgreementParty",
    "AnswerMonth",
    "ApiToken",
    "Assessment",
    "AuditEntry",
    "CatalogueChange",
    "CatalogueState",
    "Commune",
    "Consent",
    "Contact",
    "Disclosure",
    "EligibilityRule",
    "EvaluationSnapshot",
    "FollowUp",
    "FollowUpFact",
    "GoalReferral",
    "Location",
    "LoginThrottle",
    "NeedFact",
    "Offer",
    "OfferArea",
    "OfferCategory",
    "OfferDomain",
    "OfferLocation",
    "OfferReach",
    "OutboxAttempt",
    "OutboxMessage",
    "Participant",
    "PasswordResetToken",
    "PersonFact",
    "PersonMonth",
    "Phone",
    "PlanGoal",
    "ProblemReport",
    "RecipientLink",
    "Referral",
    "ReferralEvent",
    "ReferralMonth",
    "Region",
    "RequiredDocument",
    "Schedule",
    "SentReferralFact",
    "TaxonomyTerm",
    "UpdateRequest",
    "User",
]
