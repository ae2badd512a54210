"""A generated national partner network: 5,000 agencies (600 treatment centres in 16
regions, 20 networks, the rest providers), their offers, 50,000 agreements and the
centres' memberships, as the plain records of :mod:`enlace.network.plain`, plus the same
data in a small SQLite database for the SQL baseline. Seeded: every run is the same."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from enlace.catalogue.vocab import NeedDomain
from enlace.network.plain import AgencyNode, AgreementEdge, Membership, OfferRef, Party

REGIONS = [str(n) for n in range(1, 17)]
DOMAINS = [d.value for d in NeedDomain]
ON = date(2026, 6, 1)


@dataclass
class GeneratedNetwork:
    agencies: list[AgencyNode]
    agreements: list[AgreementEdge]
    memberships: list[Membership]
    offers: list[OfferRef]


def generate(
    agencies: int = 5_000, agreements: int = 50_000, centres: int = 600, seed: int = 7
) -> GeneratedNetwork:
    rng = random.Random(seed)
    nodes: list[AgencyNode] = []
    centre_ids: list[str] = []
    for i in range(centres):
        region = REGIONS[i % len(REGIONS)]
        nodes.append(AgencyNode(f"ct{i}", f"Centro {i}", "treatment_centre", region))
        centre_ids.append(f"ct{i}")
    networks = ["net-national", *(f"net-r{r}" for r in REGIONS), "net-p1", "net-p2", "net-p3"]
    for n in networks:
        region = n.removeprefix("net-r") if n.startswith("net-r") else "13"
        nodes.append(AgencyNode(n, n, "public", region))
    providers: list[AgencyNode] = []
    for i in range(agencies - len(nodes)):
        sector = rng.choice(["public", "public", "ngo", "private"])
        providers.append(AgencyNode(f"ag{i}", f"Agencia {i}", sector, rng.choice(REGIONS)))
    nodes.extend(providers)

    offers: list[OfferRef] = []
    offers_of: dict[str, list[OfferRef]] = {}
    for p in providers:
        for j in range(rng.randint(2, 6)):
            roll = rng.random()
            scope = "national" if roll < 0.2 else ("regional" if roll < 0.8 else "communal")
            regions = frozenset() if scope == "national" else frozenset({p.region_code or "13"})
            domains = frozenset(rng.sample(DOMAINS, rng.randint(1, 2)))
            offer = OfferRef(f"{p.id}-o{j}", p.id, domains, scope, regions)
            offers.append(offer)
            offers_of.setdefault(p.id, []).append(offer)

    memberships: list[Membership] = []
    for c in nodes[:centres]:
        memberships.append(Membership("net-national", c.id, since=date(2022, 1, 1)))
        memberships.append(Membership(f"net-r{c.region_code}", c.id))
        if rng.random() < 0.1:
            memberships.append(Membership(rng.choice(networks[-3:]), c.id, role="member"))
    memberships.append(Membership("net-p1", "net-p2"))  # a network of networks, and a cycle
    memberships.append(Membership("net-p2", "net-p1"))

    by_region: dict[str, list[AgencyNode]] = {}
    for p in providers:
        by_region.setdefault(p.region_code or "13", []).append(p)
    edges: list[AgreementEdge] = []
    for i in range(agreements):
        roll = rng.random()
        if roll < 0.7:
            benefiting = rng.choice(centre_ids)
        elif roll < 0.75:
            benefiting = rng.choice(networks)
        else:
            benefiting = rng.choice(providers).id
        home = nodes[int(benefiting[2:])] if benefiting.startswith("ct") else None
        region = home.region_code if home is not None else rng.choice(REGIONS)
        granting = rng.choice(by_region[region] if rng.random() < 0.8 else providers)
        named: frozenset[str] = frozenset()
        domains: frozenset[str] = frozenset()
        if rng.random() < 0.3:
            own = offers_of.get(granting.id, [])
            named = frozenset(o.id for o in rng.sample(own, min(len(own), rng.randint(1, 3))))
        else:
            domains = frozenset(rng.sample(DOMAINS, rng.randint(1, 3)))
        start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
        end = None if rng.random() < 0.2 else start + timedelta(days=rng.randint(180, 1400))
        quota = None if rng.random() < 0.5 else rng.randint(5, 50)
        status = rng.choices(["active", "draft", "suspended", "ended"], [85, 5, 5, 5])[0]
        edges.append(
            AgreementEdge(
                id=f"a{i}",
                kind=rng.choice(["priority_access", "reserved_quota", "referral_protocol"]),
                status=status,
                parties=(Party(benefiting, "referrer"), Party(granting.id, "provider")),
                valid_from=start,
                valid_to=end,
                domains=domains,
                offer_ids=named,
                region_code=region if rng.random() < 0.6 else None,
                quota=quota,
                quota_used=rng.randint(0, quota) if quota else 0,
                slug=f"a{i}",
                title=f"Convenio {i}",
            )
        )
    return GeneratedNetwork(nodes, edges, memberships, offers)


SCHEMA = """
CREATE TABLE agency (id TEXT PRIMARY KEY, sector TEXT, region TEXT);
CREATE TABLE agreement (id TEXT PRIMARY KEY, status TEXT, valid_from TEXT, valid_to TEXT,
    region TEXT, quota INTEGER, quota_used INTEGER);
CREATE TABLE party (agreement_id TEXT, agency_id TEXT, role TEXT);
CREATE TABLE adomain (agreement_id TEXT, domain TEXT);
CREATE TABLE aoffer (agreement_id TEXT, offer_id TEXT);
CREATE TABLE membership (network_id TEXT, member_id TEXT, role TEXT, since TEXT, until TEXT);
CREATE TABLE offer (id TEXT PRIMARY KEY, agency_id TEXT, scope TEXT);
CREATE TABLE odomain (offer_id TEXT, domain TEXT);
CREATE TABLE oregion (offer_id TEXT, region TEXT);
CREATE INDEX party_agency ON party (agency_id, role);
CREATE INDEX party_agreement ON party (agreement_id);
CREATE INDEX adomain_agreement ON adomain (agreement_id, domain);
CREATE INDEX aoffer_agreement ON aoffer (agreement_id, offer_id);
CREATE INDEX membership_member ON membership (member_id);
CREATE INDEX offer_agency ON offer (agency_id);
CREATE INDEX odomain_offer ON odomain (offer_id, domain);
CREATE INDEX oregion_region ON oregion (region, offer_id);
CREATE INDEX agency_region ON agency (region, sector);
"""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def write_sqlite(data: GeneratedNetwork, path: Path) -> sqlite3.Connection:
    """The same network in plain SQL tables, indexed for the baseline's joins."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.executemany(
        "INSERT INTO agency VALUES (?, ?, ?)",
        [(a.id, a.sector, a.region_code) for a in data.agencies],
    )
    db.executemany(
        "INSERT INTO agreement VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (a.id, a.status, _iso(a.valid_from), _iso(a.valid_to), a.region_code, a.quota,
             a.quota_used)
            for a in data.agreements
        ],
    )  # fmt: skip
    db.executemany(
        "INSERT INTO party VALUES (?, ?, ?)",
        [(a.id, p.agency_id, p.role) for a in data.agreements for p in a.parties],
    )
    db.executemany(
        "INSERT INTO adomain VALUES (?, ?)",
        [(a.id, d) for a in data.agreements for d in a.domains],
    )
    db.executemany(
        "INSERT INTO aoffer VALUES (?, ?)",
        [(a.id, o) for a in data.agreements for o in a.offer_ids],
    )
    db.executemany(
        "INSERT INTO membership VALUES (?, ?, ?, ?, ?)",
        [
            (m.network_id, m.member_id, m.role, _iso(m.since), _iso(m.until))
            for m in data.memberships
        ],
    )
    db.executemany(
        "INSERT INTO offer VALUES (?, ?, ?)", [(o.id, o.agency_id, o.scope) for o in data.offers]
    )
    db.executemany(
        "INSERT INTO odomain VALUES (?, ?)", [(o.id, d) for o in data.offers for d in o.domains]
    )
    db.executemany(
        "INSERT INTO oregion VALUES (?, ?)", [(o.id, r) for o in data.offers for r in o.regions]
    )
    db.commit()
    db.execute("ANALYZE")
    return db


def offer_list(ids: list[str]) -> str:
    return json.dumps(ids)
