"""The closed vocabularies of agreements, and the status derived from the date (pure).

Stored values are these enums' codes; labels live in ``enlace.web.labels``. "Expired" is
never stored: an agreement whose end date has passed *is* expired, whatever its stored
status says, so :func:`effective_status` derives it from the date and nothing can be left
saying "active" by mistake.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Protocol


class AgreementKind(StrEnum):
    PRIORITY_ACCESS = "priority_access"  # the benefiting side's participants go first
    RESERVED_QUOTA = "reserved_quota"  # places kept for the benefiting side
    REFERRAL_PROTOCOL = "referral_protocol"  # an agreed way to refer and follow up
    TECHNICAL_COOPERATION = "technical_cooperation"  # premises, training, shared work
    FINANCIAL_COOPERATION = "financial_cooperation"  # a funder pays for a provider's offer
    NETWORK_MEMBERSHIP = "network_membership"  # an agency joins a network of agencies


#: Kinds whose point is that one side's participants benefit: besides a granting party
#: they need a benefiting one. Cooperation between agencies needs only a granting party.
BENEFITING_KINDS: frozenset[AgreementKind] = frozenset(
    {
        AgreementKind.PRIORITY_ACCESS,
        AgreementKind.RESERVED_QUOTA,
        AgreementKind.REFERRAL_PROTOCOL,
        AgreementKind.NETWORK_MEMBERSHIP,
    }
)


class PartySide(StrEnum):
    """Which side of an agreement a party is on."""

    GRANTING = "granting"  # gives access to its offers, or the funds for them
    BENEFITING = "benefiting"  # its participants (or members) get the access
    SUPPORTING = "supporting"  # cooperates (premises, promotion), neither grants nor benefits


class PartyRole(StrEnum):
    """A party's role, as the shipped data and the HSDS profile have always named it."""

    PROVIDER = "provider"  # provides the covered offers
    FUNDER = "funder"  # pays for the covered offers or the provider's work
    REFERRER = "referrer"  # refers its participants (usually a treatment centre or network)
    PARTNER = "partner"  # cooperates without granting or benefiting


SIDE_OF_ROLE: dict[PartyRole, PartySide] = {
    PartyRole.PROVIDER: PartySide.GRANTING,
    PartyRole.FUNDER: PartySide.GRANTING,
    PartyRole.REFERRER: PartySide.BENEFITING,
    PartyRole.PARTNER: PartySide.SUPPORTING,
}


def side_of(role: str) -> PartySide | None:
    """The side of a role code (None for a code outside the vocabulary)."""
    try:
        return SIDE_OF_ROLE[PartyRole(role)]
    except ValueError:
        return None


class QuotaPeriod(StrEnum):
    """What a quota counts over; ``agreement`` is the whole validity period."""

    MONTH = "month"
    QUARTER = "quarter"
    SEMESTER = "semester"
    YEAR = "year"
    WHOLE_VALIDITY = "agreement"


class AgreementStatus(StrEnum):
    """The status a coordinator sets (stored)."""

    DRAFT = "draft"  # being negotiated: never in force
    ACTIVE = "active"  # signed; in force between its dates
    SUSPENDED = "suspended"  # in force on paper, on hold in practice
    ENDED = "ended"  # ended early by a decision of the parties


class EffectiveStatus(StrEnum):
    """The status on a given day: the stored one, or what the dates make of it."""

    DRAFT = "draft"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"
    EXPIRED = "expired"  # its end date has passed
    UPCOMING = "upcoming"  # signed, but its start date has not come yet


#: Status codes older data used, and what they are now (readers map them).
LEGACY_STATUSES: dict[str, AgreementStatus] = {
    "expired": AgreementStatus.ACTIVE,  # expiry is derived from ``valid_to``
    "terminated": AgreementStatus.ENDED,
}


def stored_status(code: str) -> str:
    """A status code as stored: legacy codes mapped, anything else unchanged."""
    legacy = LEGACY_STATUSES.get(code)
    return legacy.value if legacy is not None else code


class Dated(Protocol):
    """What the status needs to know: a model row, a plain record or a summary."""

    @property
    def status(self) -> str: ...

    @property
    def valid_from(self) -> date | None: ...

    @property
    def valid_to(self) -> date | None: ...


def status_on(
    status: str, valid_from: date | None, valid_to: date | None, on: date
) -> EffectiveStatus:
    """The effective status on day ``on``; ``valid_to`` is the last day in force.

    Drafts and ended agreements stay what they are; an active or suspended one has expired
    the day after ``valid_to``; an active one is upcoming before ``valid_from``.
    """
    code = stored_status(status)
    if code in (AgreementStatus.DRAFT, AgreementStatus.ENDED):
        return EffectiveStatus(code)
    if valid_to is not None and on > valid_to:
        return EffectiveStatus.EXPIRED
    if code == AgreementStatus.ACTIVE and valid_from is not None and on < valid_from:
        return EffectiveStatus.UPCOMING
    return EffectiveStatus(code)


def effective_status(agreement: Dated, on: date) -> EffectiveStatus:
    """The effective status of an agreement (row, record or summary) on day ``on``."""
    return status_on(agreement.status, agreement.valid_from, agreement.valid_to, on)


def in_force(agreement: Dated, on: date) -> bool:
    """True when the agreement counts on day ``on``: active and within its dates."""
    return effective_status(agreement, on) is EffectiveStatus.ACTIVE
