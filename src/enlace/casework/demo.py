"""Generated demo casework for the demo catalogue's treatment centres (``make run``).

Only with ``DEMO_ACCOUNTS`` on and the demo catalogue loaded; only at demo centres
(``Agency.origin == "demo"``), so it never mixes with a real centre's participants; every
demo participant's file number starts with :data:`MARKER`, which is how a second run
knows there is nothing to do (idempotent) and how anyone can tell demo records apart.
Seeded: every run makes the same people, dated back from ``today``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from enlace.casework.codes import new_code
from enlace.casework.followups import add_months
from enlace.casework.models import (
    Assessment,
    FollowUp,
    Participant,
    PlanGoal,
    Referral,
    ReferralEvent,
)
from enlace.catalogue.models import Agency, Offer, OfferDomain
from enlace.catalogue.stats import is_demo_catalogue
from enlace.catalogue.vocab import NeedDomain, Origin, Sector

MARKER = "DEMO-"
PER_CENTRE = 80
_LEVELS = ("none", "low", "medium", "high")
_GENDERS = ("female", "male", "male", "non_binary")
_REASONS = ("no_capacity", "not_eligible", "missing_documents", "could_not_contact")


class DemoCaseworkRefusedError(RuntimeError):
    """Demo accounts are off, or the demo catalogue is not loaded."""


@dataclass(frozen=True, slots=True)
class DemoCasework:
    participants: int
    referrals: int
    created: bool  # False: the demo casework was there already


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(9 + rng.randrange(8)), tzinfo=UTC)


def _outcome(rng: random.Random, good: float) -> tuple[str, str, str]:
    work = "formal" if rng.random() < good * 0.5 else rng.choice(("informal", "none"))
    studies = rng.choice(("under_way", "finished", "none", "none"))
    housing = "stable" if rng.random() < good else rng.choice(("unstable", "street"))
    return work, studies, housing


def ensure_demo_casework(
    session: Session, *, enabled: bool, today: date | None = None, per_centre: int = PER_CENTRE
) -> DemoCasework:
    """Create the demo casework once (caller commits); a second call changes nothing."""
    if not enabled:
        raise DemoCaseworkRefusedError("DEMO_ACCOUNTS is off in this configuration")
    if not is_demo_catalogue(session):
        raise DemoCaseworkRefusedError("the demo catalogue is not loaded")
    centres = session.exec(
        select(Agency)
        .where(Agency.sector == Sector.TREATMENT_CENTRE, Agency.origin == Origin.DEMO)
        .order_by(col(Agency.slug))
    ).all()
    existing = session.exec(
        select(Participant.id)
        .where(col(Participant.file_number).startswith(MARKER))
        .where(col(Participant.centre_id).in_([c.id for c in centres]))
        .limit(1)
    ).first()
    if existing is not None or not centres:
        return DemoCasework(0, 0, False)
    offers = session.exec(
        select(Offer.id, OfferDomain.domain)
        .join(OfferDomain, col(OfferDomain.offer_id) == col(Offer.id))
        .where(Offer.origin == Origin.DEMO, OfferDomain.role == "primary")
        .order_by(col(Offer.id))
    ).all()
    by_domain: dict[str, list[str]] = {}
    for offer_id, domain in offers:
        by_domain.setdefault(domain, []).append(offer_id)
    day = today or date.today()
    rng = random.Random(20261207)
    domains = [d.value for d in NeedDomain if d.value in by_domain]
    people = referrals = 0
    for centre in centres:
        for n in range(per_centre):
            first = day - timedelta(days=rng.randrange(20, 420))
            needs = {d.value: rng.choice(_LEVELS) for d in NeedDomain}
            high = [d for d, level in needs.items() if level == "high"]
            participant = Participant(
                code=new_code(),
                year_of_birth=day.year - rng.randrange(19, 62),
                centre_id=centre.id,
                file_number=f"{MARKER}{n + 1:04d}",
                region_code=centre.region_code,
                attributes={"gender": {"value": rng.choice(_GENDERS), "source": "self_report"}},
                created_at=_at(first, rng),
                last_activity_at=_at(first, rng),
            )
            session.add(participant)
            session.flush()
            people += 1
            session.add(
                Assessment(
                    participant_id=participant.id,
                    assessed_at=_at(first, rng),
                    instrument="enlace-short",
                    rule_version="demo",
                    profile={"needs": needs},
                    high_unmet=high,
                )
            )
            if rng.random() < 0.3 and (day - first).days > 120:
                later = {
                    d: _LEVELS[max(0, _LEVELS.index(v) - rng.randrange(2))]
                    for d, v in needs.items()
                }
                session.add(
                    Assessment(
                        participant_id=participant.id,
                        assessed_at=_at(first + timedelta(days=100), rng),
                        instrument="enlace-short",
                        rule_version="demo",
                        profile={"needs": later},
                        high_unmet=[d for d, v in later.items() if v == "high"],
                    )
                )
            if rng.random() < 0.15:
                continue  # assessed, no plan yet
            plan_at = _at(first + timedelta(days=rng.randrange(1, 15)), rng)
            wanted = [d for d in high if d in by_domain] or rng.sample(
                domains, k=min(2, len(domains))
            )
            for domain in wanted[:3]:
                session.add(
                    PlanGoal(
                        participant_id=participant.id,
                        domain=domain,
                        text="Objetivo de demostración",
                        created_at=plan_at,
                        updated_at=plan_at,
                    )
                )
                if rng.random() < 0.25:
                    continue
                referrals += _demo_referral(
                    session,
                    rng,
                    participant,
                    centre.id,
                    rng.choice(by_domain[domain]),
                    plan_at,
                    day,
                )
            for months, good in ((3, 0.5), (6, 0.6), (12, 0.7)):
                due = add_months(plan_at.date(), months)
                if due <= day and rng.random() < 0.8:
                    work, studies, housing = _outcome(rng, good)
                    session.add(
                        FollowUp(
                            participant_id=participant.id,
                            due_months=months,
                            work=work,
                            studies=studies,
                            housing=housing,
                            in_group=rng.random() < 0.4,
                            on=min(day, due + timedelta(days=rng.randrange(0, 20))),
                        )
                    )
    session.flush()
    return DemoCasework(people, referrals, True)


def _demo_referral(
    session: Session,
    rng: random.Random,
    participant: Participant,
    centre_id: str,
    offer_id: str,
    plan_at: datetime,
    day: date,
) -> int:
    sent_at = plan_at + timedelta(days=rng.randrange(0, 10))
    if sent_at.date() > day:
        return 0
    path = ["sent"]
    roll = rng.random()
    if roll < 0.12:
        pass  # no answer yet
    elif roll < 0.27:
        path.append("declined")
    else:
        path += ["accepted", "in_service"]
        path.append("completed" if rng.random() < 0.6 else "not_completed")
        if rng.random() < 0.3:
            path = path[: rng.randrange(2, len(path))]
    referral = Referral(
        participant_id=participant.id,
        centre_id=centre_id,
        offer_id=offer_id,
        status=path[-1],
        reason_code=rng.choice(_REASONS) if path[-1] in ("declined", "not_completed") else None,
        sent_at=sent_at,
        created_at=sent_at,
        updated_at=sent_at,
    )
    session.add(referral)
    session.flush()
    at = sent_at
    for before, after in zip(["draft", *path], path, strict=False):
        at = at + timedelta(days=rng.randrange(1, 25) if before != "draft" else 0)
        if at.date() > day:
            break
        session.add(
            ReferralEvent(
                referral_id=referral.id or 0,
                at=at,
                by="agency" if after in ("accepted", "declined", "in_service") else "centre",
                from_status=before,
                to_status=after,
                reason_code=referral.reason_code
                if after in ("declined", "not_completed")
                else None,
            )
        )
    return 1
