"""Every table, imported in one place so metadata and Alembic see the whole schema."""

from __future__ import annotations

from enlace.accounts.models import AuditEntry, LoginThrottle, PasswordResetToken, User
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
from enlace.network.models import Agreement, AgreementDomain, AgreementOffer, AgreementParty
from enlace.outbox.models import OutboxAttempt, OutboxMessage
from enlace.stewardship.models import OfferReach, ProblemReport, UpdateRequest

__all__ = [
    "Agency",
    "Agreement",
    "AgreementDomain",
    "AgreementOffer",
    "AgreementParty",
    "AuditEntry",
    "CatalogueChange",
    "CatalogueState",
    "Commune",
    "Contact",
    "EligibilityRule",
    "Location",
    "LoginThrottle",
    "Offer",
    "OfferArea",
    "OfferCategory",
    "OfferDomain",
    "OfferLocation",
    "OfferReach",
    "OutboxAttempt",
    "OutboxMessage",
    "PasswordResetToken",
    "Phone",
    "ProblemReport",
    "Region",
    "RequiredDocument",
    "Schedule",
    "TaxonomyTerm",
    "UpdateRequest",
    "User",
]
