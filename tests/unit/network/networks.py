"""Small hand-made networks with known answers, shared by the network tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from enlace.network.graph import NetworkGraph, build_graph
from enlace.network.plain import AgencyNode, AgreementEdge, Membership, OfferRef, Party

ON = date(2026, 6, 1)

# Two centres in Valparaíso (5) and one in Santiago (13); SENDA's national network and a
# Valparaíso regional network; providers: a municipality, SENCE, a housing NGO.
AGENCIES = (
    AgencyNode("ct-a", "Centro A", "treatment_centre", "5"),
    AgencyNode("ct-b", "Centro B", "treatment_centre", "5"),
    AgencyNode("ct-s", "Centro S", "treatment_centre", "13"),
    AgencyNode("red-nacional", "Red nacional", "public", "13"),
    AgencyNode("red-valpo", "Red Valparaíso", "public", "5"),
    AgencyNode("muni", "Municipalidad", "public", "5"),
    AgencyNode("sence", "SENCE", "public", "13"),
    AgencyNode("ong", "ONG vivienda", "ngo", "13"),
    AgencyNode("solo", "Agencia aislada", "private", "7"),
)

OFFERS = (
    OfferRef("omil", "muni", frozenset({"employment"}), "communal", frozenset({"5"})),
    OfferRef("muni-casa", "muni", frozenset({"housing"}), "communal", frozenset({"5"})),
    OfferRef("curso", "sence", frozenset({"training", "employment"})),
    OfferRef("beca", "sence", frozenset({"income"})),
    OfferRef("hogar", "ong", frozenset({"housing"}), "regional", frozenset({"13"})),
)


def agreement(
    agreement_id: str,
    benefiting: str,
    granting: str,
    *,
    domains: tuple[str, ...] = (),
    offers: tuple[str, ...] = (),
    **fields: object,
) -> AgreementEdge:
    """A two-party agreement (referrer -> provider), active 2026 by default."""
    base = AgreementEdge(
        id=agreement_id,
        kind="priority_access",
        status="active",
        parties=(Party(benefiting, "referrer"), Party(granting, "provider")),
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        domains=frozenset(domains),
        offer_ids=frozenset(offers),
        slug=agreement_id,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


MEMBERSHIPS = (
    Membership("red-nacional", "ct-a"),
    Membership("red-nacional", "ct-b"),
    Membership("red-nacional", "ct-s"),
    Membership("red-valpo", "ct-a", since=date(2026, 3, 1)),
)


def network(
    *agreements: AgreementEdge,
    memberships: tuple[Membership, ...] = MEMBERSHIPS,
    on: date = ON,
) -> NetworkGraph:
    return build_graph(AGENCIES, agreements, memberships, OFFERS, on)
