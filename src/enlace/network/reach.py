"""The network's access query: which offers a treatment centre's participants reach with
preferential access, and through which agreement path.

:func:`reachable` is pure (a built graph in, offers with their routes out): it walks the
centre's reach once (:func:`.graph.routes_by_provider`, memberships included) and looks
each provider's offers up, narrowed by need domain, region and offer ids.
:func:`centre_reach` adds who may ask (a centre's own staff; coordinators of its region;
national coordinators and admins any centre), the offers' cards, the filters that need
them (offer kind, commune) and the limit. No participant data is read, so nothing is
audited (the staff page of the same agreements, /equipo/red, is not either).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from enlace.accounts.models import User
from enlace.accounts.policy import centre_scope, may_see_region, region_scope
from enlace.catalogue import read as catalogue_read
from enlace.catalogue.cards import Card
from enlace.catalogue.lookup import reference_data
from enlace.catalogue.vocab import Scope, Sector
from enlace.network import service
from enlace.network.explore import agency_by_slug
from enlace.network.graph import Access, NetworkGraph, routes_by_provider, routes_to
from enlace.network.plain import AgencyNode, AgreementEdge, OfferRef

#: Offers an answer lists by default, and at most.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class ReachError(Exception):
    """Base of the access query's refusals; ``field`` names the input at fault, if one."""

    field: str | None = None


class ReachForbiddenError(ReachError):
    """The centre is outside the person's scope (or they hold no scope at all)."""

    field = "centre"


class CentreRequiredError(ReachError):
    """A coordinator must name the centre (staff default to their own)."""

    field = "centre"


class UnknownCentreError(ReachError):
    """No treatment centre with that id or slug."""

    field = "centre"


class UnknownPlaceError(ReachError):
    """No such region or commune, or a commune outside the region given."""

    def __init__(self, field: str, code: str) -> None:
        self.field = field
        super().__init__(code)


class UnknownOffersError(ReachError):
    """Offer ids asked about that are no active offer."""

    field = "offer_ids"

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = tuple(ids)
        super().__init__(", ".join(self.ids))


@dataclass(frozen=True, slots=True)
class ReachFilter:
    """What to ask about; every filter given must hold (AND), values of one filter are
    alternatives (OR). ``offer_ids`` asks about those offers only."""

    domains: frozenset[str] = frozenset()
    region: str | None = None
    commune: str | None = None
    kinds: frozenset[str] = frozenset()
    offer_ids: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True, slots=True)
class ReachedOffer:
    """An offer reached: its result card (names, agency, areas), the graph's record of it
    (need domains) and its routes."""

    offer: Card
    ref: OfferRef
    access: Access


@dataclass(frozen=True)
class CentreReach:
    """The answer: the first ``limit`` offers reached (best route first, then by name) of
    ``total``; of the offers asked about by id, those reached without priority; and the
    agreements and agencies the routes name."""

    centre: AgencyNode
    on: date
    total: int
    offers: tuple[ReachedOffer, ...]
    without_priority: tuple[str, ...]
    agreements: Mapping[str, AgreementEdge]
    agencies: Mapping[str, AgencyNode]


def _wanted(offer: OfferRef, domains: frozenset[str], region: str | None) -> bool:
    if domains and offer.domains.isdisjoint(domains):
        return False
    return region is None or offer.available_in(region)


def reachable(
    network: NetworkGraph,
    centre_id: str,
    on: date,
    *,
    domains: frozenset[str] = frozenset(),
    region: str | None = None,
    offer_ids: Iterable[str] | None = None,
) -> list[tuple[OfferRef, Access]]:
    """The offers (of ``offer_ids``, or every offer of the agencies the centre reaches) in
    one of ``domains`` and available in ``region``, that the centre reaches with priority
    on ``on``, each with its routes (best first); in offer id order."""
    centre = network.agencies.get(centre_id)
    reach = routes_by_provider(network, centre_id, on, centre.region_code if centre else None)
    if offer_ids is None:
        candidates = [o for p in reach for o in network.offers_by_agency.get(p, ())]
    else:
        candidates = [network.offers[i] for i in dict.fromkeys(offer_ids) if i in network.offers]
    found = []
    for offer in sorted(candidates, key=lambda o: o.id):
        if offer.agency_id not in reach or not _wanted(offer, domains, region):
            continue
        routes = routes_to(offer, reach)
        if routes:
            found.append((offer, Access(routes)))
    return found


def available_in_commune(offer: Card, commune: str, region: str) -> bool:
    """Whether an offer (a result card: areas, places) serves a commune of ``region``:
    national ones everywhere; regional and communal ones where their areas say; any
    offer where one of its own places is."""
    if any(link.location.commune_code == commune for link in offer.offer_locations):
        return True
    if offer.scope == Scope.NATIONAL:
        return True
    return any(
        area.commune_code == commune or (area.commune_code is None and area.region_code == region)
        for area in offer.areas
    )


def resolve_centre(network: NetworkGraph, given: str) -> AgencyNode:
    """The treatment centre named by id or slug (:class:`UnknownCentreError` otherwise)."""
    centre = network.agencies.get(given) or agency_by_slug(network, given)
    if centre is None or centre.sector != Sector.TREATMENT_CENTRE:
        raise UnknownCentreError(given)
    return centre


def choose_centre(network: NetworkGraph, actor: User | None, given: str | None) -> AgencyNode:
    """The centre the person asks about, within their scope: staff their own (by default
    too), coordinators a centre of their region, national coordinators and admins any."""
    own = centre_scope(actor)
    if own is not None:
        if given is not None and given != own:
            named = network.agencies.get(given) or agency_by_slug(network, given)
            if named is None or named.id != own:
                raise ReachForbiddenError(given)  # before saying whether it exists
        return resolve_centre(network, own)
    if region_scope(actor) is None:
        raise ReachForbiddenError(given or "")
    if given is None:
        raise CentreRequiredError()
    centre = resolve_centre(network, given)
    if not may_see_region(actor, centre.region_code):
        raise ReachForbiddenError(given)
    return centre


def _commune_region(session: Session, filters: ReachFilter) -> str | None:
    """The commune's region, once the region and commune asked for are known to exist and
    agree (:class:`UnknownPlaceError` otherwise)."""
    places = reference_data(session)
    if filters.region is not None and filters.region not in places.region_by_code:
        raise UnknownPlaceError("region", filters.region)
    if filters.commune is None:
        return None
    commune = places.communes.get(filters.commune)
    if commune is None or filters.region not in (None, commune.region_code):
        raise UnknownPlaceError("commune", filters.commune)
    return commune.region_code


def centre_reach(
    session: Session, actor: User | None, centre: str | None, filters: ReachFilter, on: date
) -> CentreReach:
    """What ``centre``'s participants reach with priority on ``on`` (see the module)."""
    network = service.network_graph(session, on)
    found = choose_centre(network, actor, centre)
    commune_region = _commune_region(session, filters)
    asked = tuple(dict.fromkeys(filters.offer_ids))
    unknown = [i for i in asked if i not in network.offers]
    if unknown:
        raise UnknownOffersError(unknown)
    pairs = reachable(
        network,
        found.id,
        on,
        domains=filters.domains,
        region=filters.region,
        offer_ids=asked or None,
    )
    access = {offer.id: a for offer, a in pairs}
    refs = {offer.id: offer for offer, _a in pairs}
    cards = catalogue_read.offers_by_ids(session, list(access))
    if filters.kinds:
        cards = [c for c in cards if c.kind in filters.kinds]
    if filters.commune is not None and commune_region is not None:
        cards = [c for c in cards if available_in_commune(c, filters.commune, commune_region)]
    cards.sort(key=lambda c: (len(access[c.id].routes[0].via), c.name_es.casefold(), c.id))
    shown = tuple(ReachedOffer(c, refs[c.id], access[c.id]) for c in cards[: filters.limit])
    with_priority = {o.id for o, _a in reachable(network, found.id, on, offer_ids=asked)}
    agreement_ids = {r.agreement_id for o in shown for r in o.access.routes}
    agency_ids = {a for o in shown for r in o.access.routes for a in (*r.via, r.provider_id)}
    return CentreReach(
        centre=found,
        on=on,
        total=len(cards),
        offers=shown,
        without_priority=tuple(i for i in asked if i not in with_priority),
        agreements={i: network.agreements[i] for i in sorted(agreement_ids)},
        agencies={i: network.agencies[i] for i in sorted(agency_ids) if i in network.agencies},
    )
