"""A treatment centre's own network: the agreements that give its participants priority.

Staff ask "which agreements help my participants, for which needs, with how many places
left, and whom do I call?". :func:`centre_priorities` answers from the cached graph (pure:
the same routes :func:`.graph.preferential_access` follows, memberships included);
:func:`centre_network` adds each agreement's titles, parties and contacts and groups the
answer by need domain, as plain records a page renders without the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from enlace.catalogue.vocab import NeedDomain
from enlace.network import listing, service
from enlace.network.graph import NetworkGraph, routes_by_provider
from enlace.network.listing import AgreementSummary, PartyView
from enlace.network.queries import DEFAULT_EXPIRING_DAYS


@dataclass(frozen=True, slots=True)
class Priority:
    """One agreement that reaches the centre on a date (pure: ids only).

    ``via`` is the membership chain from the centre to the agreement's benefiting party
    (just the centre for a direct agreement); ``domains`` are the need domains it covers,
    directly or through the offers it names.
    """

    agreement_id: str
    providers: tuple[str, ...]
    via: tuple[str, ...]
    domains: frozenset[str]
    quota_left: int | None


def centre_priorities(network: NetworkGraph, centre_id: str, on: date) -> list[Priority]:
    """Every agreement in force on ``on`` that gives the centre's participants priority,
    each once (its shortest membership chain), with the providers it reaches."""
    centre = network.agencies.get(centre_id)
    region = centre.region_code if centre is not None else None
    found: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    for provider, reached in routes_by_provider(network, centre_id, on, region).items():
        for agreement, chain in reached:
            providers, via = found.setdefault(agreement.id, ([], chain))
            providers.append(provider)
            if len(chain) < len(via):
                found[agreement.id] = (providers, chain)
    priorities = []
    for agreement_id, (providers, via) in found.items():
        agreement = network.agreements[agreement_id]
        domains = set(agreement.domains)
        for offer_id in agreement.offer_ids:
            offer = network.offers.get(offer_id)
            if offer is not None:
                domains |= offer.domains
        priorities.append(
            Priority(
                agreement_id,
                tuple(sorted(providers)),
                via,
                frozenset(domains),
                agreement.quota_left,
            )
        )
    return sorted(priorities, key=lambda p: p.agreement_id)


@dataclass(frozen=True, slots=True)
class CentreAgreement:
    """An agreement as the staff page shows it: who grants, with whom to speak, through
    which network (None when the centre signed it itself) and how long it lasts."""

    agreement: AgreementSummary
    granting: tuple[PartyView, ...]
    through: PartyView | None
    quota_left: int | None
    days_left: int | None
    expiring: bool


@dataclass(frozen=True, slots=True)
class DomainAgreements:
    """The agreements covering one need domain (``domain`` None: offers without one)."""

    domain: str | None
    agreements: tuple[CentreAgreement, ...]


@dataclass(frozen=True, slots=True)
class CentreNetwork:
    centre_id: str
    on: date
    groups: tuple[DomainAgreements, ...]
    total: int  # distinct agreements (one may cover several domains)


def _centre_agreement(
    priority: Priority, summary: AgreementSummary, on: date, days: int
) -> CentreAgreement:
    parties = {p.agency_id: p for p in summary.parties}
    granting = tuple(parties[a] for a in priority.providers if a in parties)
    through = parties.get(priority.via[-1]) if len(priority.via) > 1 else None
    days_left = None if summary.valid_to is None else (summary.valid_to - on).days
    return CentreAgreement(
        agreement=summary,
        granting=granting,
        through=through,
        quota_left=priority.quota_left,
        days_left=days_left,
        expiring=days_left is not None and days_left <= days,
    )


def centre_network(
    session: Session, centre_id: str, on: date | None = None, days: int = DEFAULT_EXPIRING_DAYS
) -> CentreNetwork:
    """The centre's priority agreements on ``on`` (today by default), grouped by need
    domain in the vocabulary's order; ``expiring`` flags those ending within ``days``."""
    when = on or date.today()
    priorities = centre_priorities(service.network_graph(session, when), centre_id, when)
    summaries = listing.agreements_by_ids(session, [p.agreement_id for p in priorities], on=when)
    by_domain: dict[str | None, list[CentreAgreement]] = {}
    for priority in priorities:
        summary = summaries.get(priority.agreement_id)
        if summary is None:
            continue
        item = _centre_agreement(priority, summary, when, days)
        domains: list[str | None] = [*sorted(priority.domains)] or [None]
        for domain in domains:
            by_domain.setdefault(domain, []).append(item)
    order = {d.value: i for i, d in enumerate(NeedDomain)}
    groups = tuple(
        DomainAgreements(domain, tuple(sorted(items, key=lambda c: c.agreement.title_es)))
        for domain, items in sorted(
            by_domain.items(), key=lambda kv: order.get(kv[0] or "", len(order))
        )
    )
    return CentreNetwork(centre_id, when, groups, len(summaries))
