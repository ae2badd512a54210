"""The plain records the partner-network graph is built from (pure: no session, no Flask).

The service (:mod:`enlace.network.service`) reads them from the database with a few
set-based queries; tests and the benchmark make them by hand. Everything here is frozen
and hashable so a built graph can be cached and shared between requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from enlace.network.vocab import BENEFITING_KINDS, SIDE_OF_ROLE, PartySide

#: Party roles on the side that grants priority (its offers are reached), and on the side
#: whose clients benefit: one vocabulary with the forms' validation (``vocab.SIDE_OF_ROLE``),
#: so an agreement the forms accept is the agreement the graph walks. A ``partner``
#: supports and is on neither side.
GRANTING_ROLES = frozenset(r.value for r, s in SIDE_OF_ROLE.items() if s is PartySide.GRANTING)
BENEFITING_ROLES = frozenset(r.value for r, s in SIDE_OF_ROLE.items() if s is PartySide.BENEFITING)
#: Agreement kinds that give the benefiting side priority; cooperation agreements
#: (technical, financial) link agencies in the graph but never give a participant priority.
ACCESS_KINDS = frozenset(k.value for k in BENEFITING_KINDS)
#: Membership roles that reach the network's agreements (an observer does not).
REACHING_MEMBERSHIP_ROLES = frozenset({"member", "coordinator"})
#: Share of the quota used from which a quota counts as nearly used up.
NEARLY_USED = 0.8


class AgreementState(StrEnum):
    """An agreement's state on a date; only ``ACTIVE`` gives priority.

    ``expired`` and ``not_started`` are derived from the validity and the date, never
    stored. ``valid_to`` is inclusive: an agreement valid to 31 March still counts on
    31 March and is expired on 1 April.
    """

    ACTIVE = "active"
    DRAFT = "draft"
    SUSPENDED = "suspended"
    ENDED = "ended"
    NOT_STARTED = "not_started"
    EXPIRED = "expired"
    EXHAUSTED = "exhausted"


#: Stored statuses that mean the agreement was ended for good (older data says terminated).
_ENDED = frozenset({"ended", "terminated"})


@dataclass(frozen=True)
class AgencyNode:
    """An agency as the graph sees it."""

    id: str
    name: str
    sector: str
    region_code: str | None = None
    slug: str = ""
    level: str = ""


@dataclass(frozen=True)
class Party:
    agency_id: str
    role: str


@dataclass(frozen=True)
class AgreementEdge:
    """An agreement with what the graph needs; ``quota_used`` defaults to 0."""

    id: str
    kind: str
    status: str
    parties: tuple[Party, ...]
    valid_from: date
    valid_to: date | None = None
    domains: frozenset[str] = frozenset()
    offer_ids: frozenset[str] = frozenset()
    region_code: str | None = None
    quota: int | None = None
    quota_used: int = 0
    slug: str = ""
    title: str = ""

    @cached_property
    def granting(self) -> tuple[str, ...]:
        """Agencies on the granting side (worked out once: the graph asks often)."""
        return tuple(p.agency_id for p in self.parties if p.role in GRANTING_ROLES)

    @property
    def gives_access(self) -> bool:
        """Whether this kind of agreement gives the benefiting side's clients priority."""
        return self.kind in ACCESS_KINDS

    @cached_property
    def benefiting(self) -> tuple[str, ...]:
        return tuple(p.agency_id for p in self.parties if p.role in BENEFITING_ROLES)

    @cached_property
    def edge_pairs(self) -> tuple[tuple[str, str], ...]:
        """Benefiting -> granting pairs, the graph's edges; an agreement without both
        sides (a funder and a provider) links its first party to the others, so the graph
        still shows it."""
        granting, benefiting = self.granting, self.benefiting
        if granting and benefiting:
            return tuple((b, g) for b in benefiting for g in granting if b != g)
        ids = [p.agency_id for p in self.parties]
        return tuple((ids[0], other) for other in ids[1:] if other != ids[0])

    @property
    def quota_left(self) -> int | None:
        """Places left (never below 0); ``None`` = no quota, unlimited."""
        return None if self.quota is None else max(self.quota - self.quota_used, 0)

    def covers(self, offer: OfferRef) -> bool:
        """Whether the agreement covers an offer: named, or in a covered domain."""
        return offer.id in self.offer_ids or not self.domains.isdisjoint(offer.domains)


def agreement_state(agreement: AgreementEdge, on: date) -> AgreementState:
    """The state on ``on``: stored status first, then validity, then quota."""
    if agreement.status == "draft":
        return AgreementState.DRAFT
    if agreement.status == "suspended":
        return AgreementState.SUSPENDED
    if agreement.status in _ENDED:
        return AgreementState.ENDED
    if agreement.status != "active":  # e.g. a stored "expired"
        return AgreementState.EXPIRED
    if on < agreement.valid_from:
        return AgreementState.NOT_STARTED
    if agreement.valid_to is not None and on > agreement.valid_to:
        return AgreementState.EXPIRED
    if agreement.quota is not None and agreement.quota_used >= agreement.quota:
        return AgreementState.EXHAUSTED
    return AgreementState.ACTIVE


@dataclass(frozen=True)
class Membership:
    """A member agency of a network agency, for a period (both ends inclusive)."""

    network_id: str
    member_id: str
    role: str = "member"
    since: date | None = None
    until: date | None = None

    def current(self, on: date) -> bool:
        if self.role not in REACHING_MEMBERSHIP_ROLES:
            return False
        if self.since is not None and on < self.since:
            return False
        return self.until is None or on <= self.until


@dataclass(frozen=True)
class OfferRef:
    """An offer with its agency, need domains and where it is available.

    ``scope`` "national" means available in every region; otherwise ``regions`` lists
    the regions (a communal offer lists its communes' regions).
    """

    id: str
    agency_id: str
    domains: frozenset[str] = frozenset()
    scope: str = "national"
    regions: frozenset[str] = field(default_factory=frozenset)

    def available_in(self, region: str) -> bool:
        return self.scope == "national" or region in self.regions
