"""A generated casework database: 20 treatment centres with 5 case managers each, 10,000
participants with an assessment, 20,000 plan goals, 100,000 referrals (with their events)
and 1,000,000 audit entries. Catalogue rows go through the ORM (a few hundred); the bulk
goes in with Core ``executemany`` in chunks. Seeded: every run is the same data."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import enlace.models  # noqa: F401  (every table)
from enlace.accounts.models import AuditEntry, User
from enlace.casework import facts
from enlace.casework.codes import ALPHABET, BODY_LENGTH, check_character, format_code
from enlace.casework.models import Assessment, Participant, PlanGoal, Referral, ReferralEvent
from enlace.catalogue.models import Agency, Offer, OfferDomain
from enlace.catalogue.places import Region
from enlace.catalogue.vocab import NeedDomain
from enlace.db import open_session

DOMAINS = [d.value for d in NeedDomain]
LEVELS = ["none", "low", "medium", "high", "unknown"]
STATUSES = ["draft", "sent", "accepted", "waitlisted", "declined", "in_service", "completed",
            "not_completed", "cancelled"]  # fmt: skip
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
CHUNK = 20_000


@dataclass(frozen=True)
class Sizes:
    participants: int = 10_000
    referrals: int = 100_000
    audit: int = 1_000_000
    centres: int = 20
    managers_per_centre: int = 5
    offers: int = 300


@dataclass
class Generated:
    managers: list[int]  # user ids
    participants: list[tuple[str, int]]  # (participant id, its case manager)


def _chunks(rows: Iterator[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(engine: Engine, model: Any, rows: Iterator[dict[str, Any]]) -> None:
    table = model.__table__
    with engine.begin() as connection:
        for batch in _chunks(rows):
            connection.execute(insert(table), batch)


def _codes(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        body = "".join(rng.choice(ALPHABET) for _ in range(BODY_LENGTH))
        seen.add(format_code(body + check_character(body)))
    return sorted(seen)


def _catalogue(
    engine: Engine, sizes: Sizes, rng: random.Random
) -> tuple[list[str], list[int], list[str]]:
    with open_session(engine) as session:
        for n in range(1, 17):
            session.add(Region(code=str(n), name=f"Región {n}", abbr=f"R{n}", position=n))
        session.flush()
        centres = [
            Agency(slug=f"ct-{i}", name_es=f"Centro {i}", sector="treatment_centre",
                   level="communal", region_code=str(i % 16 + 1))
            for i in range(sizes.centres)
        ]  # fmt: skip
        providers = [
            Agency(slug=f"ag-{i}", name_es=f"Agencia {i}", sector="public", level="regional",
                   region_code=str(i % 16 + 1))
            for i in range(50)
        ]  # fmt: skip
        session.add_all(centres + providers)
        session.flush()
        offers = []
        for i in range(sizes.offers):
            offer = Offer(slug=f"of-{i}", agency_id=providers[i % 50].id, name_es=f"Oferta {i}",
                          kind="course", status="active", scope="national")  # fmt: skip
            offer.domains = [OfferDomain(domain=DOMAINS[i % 12], role="primary")]
            offers.append(offer)
        session.add_all(offers)
        managers = [
            User(email=f"cm{c}-{m}@example.org", display_name=f"CM {c}-{m}", role="staff",
                 agency_id=centre.id)
            for c, centre in enumerate(centres)
            for m in range(sizes.managers_per_centre)
        ]  # fmt: skip
        session.add_all(managers)
        session.commit()
        return [c.id for c in centres], [u.id or 0 for u in managers], [o.id for o in offers]


def generate(
    engine: Engine, sizes: Sizes = Sizes(), log: Callable[[str], None] = print, seed: int = 13
) -> Generated:
    """Create the schema and fill it (the database must be empty)."""
    rng = random.Random(seed)
    SQLModel.metadata.create_all(engine)
    centres, managers, offers = _catalogue(engine, sizes, rng)
    per_centre = sizes.managers_per_centre
    codes = _codes(rng, sizes.participants)
    people: list[tuple[str, int, str]] = []
    for code in codes:
        manager_index = rng.randrange(len(managers))
        people.append((str(uuid.UUID(int=rng.getrandbits(128))), manager_index, code))

    def participants() -> Iterator[dict[str, Any]]:
        for pid, m, code in people:
            yield {"id": pid, "code": code, "year_of_birth": rng.randint(1960, 2005),
                   "centre_id": centres[m // per_centre], "case_manager_id": managers[m],
                   "file_number": None, "region_code": str(m // per_centre % 16 + 1),
                   "language": "es", "attributes": {},
                   "created_at": NOW - timedelta(days=400),
                   "last_activity_at": NOW - timedelta(days=rng.randrange(300))}  # fmt: skip

    log(f"casework generate: {len(people)} participants")
    _bulk(engine, Participant, participants())

    def assessments() -> Iterator[dict[str, Any]]:
        for pid, m, _code in people:
            needs = {d: rng.choice(LEVELS) for d in DOMAINS}
            high = [d for d, level in needs.items() if level == "high"]
            yield {"participant_id": pid, "assessed_at": NOW - timedelta(days=100),
                   "assessed_by_id": managers[m], "instrument": "enlace-short",
                   "rule_version": "1", "profile": {"needs": needs, "met": [], "attributes": {}},
                   "high_unmet": high}  # fmt: skip

    _bulk(engine, Assessment, assessments())

    def goals() -> Iterator[dict[str, Any]]:
        for pid, _m, _code in people:
            for _ in range(2):
                yield {"participant_id": pid, "domain": rng.choice(DOMAINS), "text": "Meta",
                       "target_date": (NOW + timedelta(days=rng.randint(-60, 120))).date(),
                       "status": rng.choice(["not_started", "in_progress", "achieved"]),
                       "dropped_reason": None, "created_at": NOW, "updated_at": NOW}  # fmt: skip

    _bulk(engine, PlanGoal, goals())
    log(f"casework generate: {sizes.referrals} referrals")
    statuses: list[str] = []

    def referrals() -> Iterator[dict[str, Any]]:
        for _ in range(sizes.referrals):
            pid, m, _code = people[rng.randrange(len(people))]
            status = rng.choice(STATUSES)
            statuses.append(status)
            sent = None if status == "draft" else NOW - timedelta(days=rng.randrange(60))
            yield {"participant_id": pid, "centre_id": centres[m // per_centre],
                   "case_manager_id": managers[m], "offer_id": rng.choice(offers),
                   "agreement_id": None, "quota_counted": False, "consent_id": None,
                   "origin": "offer", "decision": "chosen", "decision_reason": None,
                   "snapshot": None, "status": status, "reason_code": None, "reason_text": None,
                   "follow_up_on": (NOW + timedelta(days=rng.randint(-20, 40))).date(),
                   "created_at": NOW - timedelta(days=90), "sent_at": sent,
                   "updated_at": NOW}  # fmt: skip

    _bulk(engine, Referral, referrals())

    def events() -> Iterator[dict[str, Any]]:
        for referral_id, status in enumerate(statuses, start=1):
            yield {"referral_id": referral_id, "at": NOW, "actor_id": None, "by": "centre",
                   "from_status": None, "to_status": status, "reason_code": None,
                   "reason_text": None}  # fmt: skip

    _bulk(engine, ReferralEvent, events())
    with engine.begin() as connection:  # the bulk load bypassed the session hooks
        facts.refresh_all(connection)
    log(f"casework generate: {sizes.audit} audit entries")

    def audit() -> Iterator[dict[str, Any]]:
        for i in range(sizes.audit):
            pid, m, code = people[i % len(people)]
            yield {"at": NOW - timedelta(seconds=sizes.audit - i), "actor_id": managers[m],
                   "actor_label": f"cm{m}@example.org", "actor_role": "staff",
                   "action": "participant.viewed", "target_type": "participant",
                   "target_id": pid, "reason": None, "ip": None, "user_agent": None,
                   "details": {"code": code, "purpose": "case_management"}}  # fmt: skip

    _bulk(engine, AuditEntry, audit())
    # Fresh statistics, and on PostgreSQL the visibility map that autovacuum keeps on a live
    # database (without it no index-only scan is possible right after a bulk load).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        vacuum = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
        connection.execute(text(vacuum))
    return Generated(managers, [(pid, managers[m]) for pid, m, _code in people])


def today() -> date:
    return NOW.date()
