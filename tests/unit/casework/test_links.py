"""Recipient links: the token hashed, shown once, expiring, revocable, rate-limited, every
use audited, every view with data a disclosure; the agency answers through it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from enlace.accounts.models import AuditEntry
from enlace.casework import links, referrals
from enlace.casework.errors import InvalidError, LinkRefusedError, TransitionError
from enlace.casework.links import token_hash
from enlace.casework.models import Consent, Disclosure, RecipientLink, Referral, ReferralEvent
from enlace.db import utcnow
from tests.unit.casework.conftest import World


def _sent(db_session: Session, world: World) -> Referral:
    person = world.participant(db_session)
    consent = world.consent(db_session, person)
    referral = world.referral(db_session, person, consent=consent)
    assert referral.id is not None
    referrals.send(db_session, world.staff, referral.id)
    db_session.commit()
    return referral


def _refusals(db_session: Session) -> list[str]:
    rows = db_session.exec(
        select(AuditEntry.details).where(AuditEntry.action == "link.refused")
    ).all()
    return [d["why"] for d in rows if d]


def test_only_the_hash_is_stored(db_session: Session, world: World) -> None:
    referral = _sent(db_session, world)
    link, token = links.create(db_session, world.staff, referral.id or 0)
    db_session.commit()
    assert len(token) >= 40
    assert link.token_hash == token_hash(token) != token
    stored = db_session.exec(select(RecipientLink)).one()
    assert token not in str(stored.model_dump())
    for entry in db_session.exec(select(AuditEntry)):
        assert token not in str(entry.details)


def test_a_draft_has_no_link(db_session: Session, world: World) -> None:
    person = world.participant(db_session)
    draft = world.referral(db_session, person, consent=world.consent(db_session, person))
    with pytest.raises(InvalidError):
        links.create(db_session, world.staff, draft.id or 0)


def test_the_agency_opens_and_answers(db_session: Session, world: World) -> None:
    referral = _sent(db_session, world)
    _link, token = links.create(db_session, world.staff, referral.id or 0)
    db_session.commit()
    page = links.open_page(db_session, token)
    assert not page.consent_withdrawn and page.letter is not None
    assert page.actions == ("accepted", "waitlisted", "declined")
    with pytest.raises(TransitionError):
        links.respond(db_session, token, "declined")  # a decline needs its reason
    links.respond(db_session, token, "waitlisted")
    links.respond(db_session, token, "accepted")
    links.respond(db_session, token, "in_service")
    links.respond(db_session, token, "completed")
    db_session.commit()
    assert referral.status == "completed"
    events = db_session.exec(select(ReferralEvent).where(col(ReferralEvent.by) == "agency")).all()
    assert [e.to_status for e in events] == ["waitlisted", "accepted", "in_service", "completed"]
    assert all(e.actor_id is None for e in events)
    views = db_session.exec(select(Disclosure).where(col(Disclosure.kind) == "link_view")).all()
    assert len(views) == 1 and views[0].recipient_agency_id == world.omil.id
    stored = db_session.exec(select(RecipientLink)).one()
    assert stored.uses == 6  # the open, the refused decline and four answers
    labels = db_session.exec(
        select(AuditEntry.actor_label).where(AuditEntry.action == "referral.status")
    ).all()
    assert labels.count("agency link") == 4


def test_the_agency_cannot_cancel(db_session: Session, world: World) -> None:
    referral = _sent(db_session, world)
    _link, token = links.create(db_session, world.staff, referral.id or 0)
    with pytest.raises(TransitionError) as caught:
        links.respond(db_session, token, "cancelled", "other", "no")
    assert caught.value.problem == "not_by_agency"


def test_unknown_expired_and_revoked_links_are_refused_and_audited(
    db_session: Session, world: World
) -> None:
    referral = _sent(db_session, world)
    link, token = links.create(db_session, world.staff, referral.id or 0)
    db_session.commit()
    with pytest.raises(LinkRefusedError):
        links.open_page(db_session, token + "x")
    link.expires_at = utcnow() - timedelta(seconds=1)
    db_session.add(link)
    db_session.commit()
    with pytest.raises(LinkRefusedError):
        links.open_page(db_session, token)
    link.expires_at = utcnow() + timedelta(days=1)
    db_session.add(link)
    links.revoke(db_session, world.staff, link.id or 0)
    db_session.commit()
    with pytest.raises(LinkRefusedError):
        links.open_page(db_session, token)
    with pytest.raises(LinkRefusedError):
        links.respond(db_session, token, "accepted")
    db_session.commit()
    assert _refusals(db_session) == ["unknown", "expired", "revoked", "revoked"]
    assert referral.status == "sent"


def test_the_rate_limit_hook_refuses(db_session: Session, world: World) -> None:
    referral = _sent(db_session, world)
    _link, token = links.create(db_session, world.staff, referral.id or 0)
    asked: list[str] = []

    def allow(key: str) -> bool:
        asked.append(key)
        return False

    with pytest.raises(LinkRefusedError) as caught:
        links.open_page(db_session, token, allow=allow)
    assert caught.value.problem == "rate_limited"
    assert asked == [token_hash(token)]


def test_a_link_never_outlives_its_consent(db_session: Session, world: World) -> None:
    referral = _sent(db_session, world)
    link, _token = links.create(db_session, world.staff, referral.id or 0, days=90)
    consent = db_session.get(Consent, referral.consent_id)
    assert consent is not None and consent.expires_on < (utcnow() + timedelta(days=90)).date()
    assert link.expires_at.date() == consent.expires_on
