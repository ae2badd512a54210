"""Build HSDS 3.0 records (with the Enlace profile) for the whole catalogue, or for
some offers (the read API's pages), with the one serialiser.

Rows are read table by table (see :mod:`.prefetch`) and serialised one record at a time
(:mod:`.serialise`, :mod:`.serialise_offer`); every list is then sorted by id, so an
export of the same catalogue is the same bytes on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from enlace.catalogue.reference import read_taxonomy
from enlace.exchange.hsds import serialise, serialise_offer
from enlace.exchange.hsds.prefetch import (
    AgencyChildren,
    AgreementChildren,
    LocationChildren,
    agency_children,
    agreement_children,
    location_children,
    offer_children,
    reference,
)
from enlace.exchange.hsds.serialise import Dataset, Reference
from enlace.exchange.hsds.serialise_offer import OfferChildren
from enlace.exchange.hsds.spec import DATASET_KEYS
from enlace.network.models import Agreement, NetworkMembership
from enlace.paths import DIRECTORY_DATA_DIR


def _merge(out: Dataset, fragment: Dataset) -> None:
    for key, records in fragment.items():
        out.setdefault(key, []).extend(records)


def offers_dataset(
    session: Session, offers: Sequence[Offer], ref: Reference | None = None
) -> Dataset:
    """Some offers (one, or a page) as HSDS, with a fixed number of queries."""
    ref = ref or reference(session)
    children = offer_children(session, {o.id for o in offers})
    out: Dataset = {}
    for o in offers:
        _merge(out, serialise_offer.offer(o, children.get(o.id, OfferChildren()), ref))
    return out


def export_dataset(session: Session) -> Dataset:
    """Every catalogue record as HSDS 3.0 + Enlace profile records, per table, sorted by id."""
    ref = reference(session)
    out: Dataset = {key: [] for key in DATASET_KEYS}
    agencies = agency_children(session, None)
    for a in session.exec(select(Agency)):
        own = agencies.get(a.id, AgencyChildren())
        _merge(out, serialise.agency(a, own.phones, own.contacts))
    locations = location_children(session, None)
    for loc in session.exec(select(Location)):
        kept = locations.get(loc.id, LocationChildren())
        _merge(out, serialise.location(loc, kept.phones, kept.schedules, ref))
    offers = offer_children(session, None)
    for o in session.exec(select(Offer)):
        _merge(out, serialise_offer.offer(o, offers.get(o.id, OfferChildren()), ref))
    header, _ = read_taxonomy(DIRECTORY_DATA_DIR)
    _merge(out, serialise_offer.taxonomy(header, ref.terms))
    agreements = agreement_children(session, None)
    for agreement in session.exec(select(Agreement)):
        links = agreements.get(agreement.id, AgreementChildren())
        _merge(out, serialise.agreement(agreement, links.parties, links.domains, links.offers))
    for membership in session.exec(select(NetworkMembership)):
        _merge(out, serialise.membership(membership))
    for records in out.values():
        records.sort(key=lambda record: str(record["id"]))
    return out
