"""The agreement services on a real database: writes, audit, locking, renewal, scope."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.revision import current_revision
from enlace.db import open_session
from enlace.network import writing
from enlace.network.agreements import (
    Renewal,
    activate_agreement,
    create_agreement,
    draft_of,
    edit_agreement,
    end_agreement,
    renew_agreement,
    suspend_agreement,
)
from enlace.network.errors import (
    AgreementForbiddenError,
    AgreementInvalidError,
    ChangedMeanwhileError,
)
from enlace.network.history import agreement_history, names_in
from enlace.network.listing import get_agreement
from enlace.network.models import Agreement
from enlace.network.vocab import EffectiveStatus
from tests.unit.network.conftest import TODAY, Network


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_create_writes_the_agreement_its_audit_line_and_a_revision(
    db_session: Session, network: Network
) -> None:
    revision = current_revision(db_session)
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    db_session.commit()
    assert view.slug == "acceso-preferente-a-la-omil-de-talca" and view.version == 1
    assert view.effective_status is EffectiveStatus.ACTIVE and view.quota_left == 10
    assert {(p.name_es, p.role) for p in view.parties} == {
        ("CT Talca", "referrer"),
        ("OMIL Talca", "provider"),
    }
    assert [o.id for o in view.offers] == [network.placement.id]
    assert current_revision(db_session) == revision + 1
    [entry] = db_session.exec(select(AuditEntry).where(AuditEntry.target_type == "agreement"))
    assert entry.action == "agreement.created" and entry.actor_id == network.maule.id
    assert entry.details is not None and entry.details["version"] == 1
    changed = {c["field"] for c in entry.details["changes"]}
    assert {"title_es", "kind", "valid_from", "quota", "domains", "offer_ids", "party"} <= changed


def test_an_invalid_draft_writes_nothing(db_session: Session, network: Network) -> None:
    with pytest.raises(AgreementInvalidError) as caught:
        create_agreement(
            db_session, network.maule, network.draft(valid_to=date(2025, 12, 31)), today=TODAY
        )
    assert list(caught.value.errors) == ["valid_to"]
    assert _count(db_session, Agreement) == 0 and _count(db_session, AuditEntry) == 0


@pytest.mark.parametrize(
    ("who", "region", "allowed"),
    [
        ("maule", "7", True),
        ("maule", "13", False),
        ("maule", None, False),
        ("santiago", "7", False),
        ("national", None, True),
        ("admin", "13", True),
        ("staff", "7", False),
    ],
)
def test_scope_of_creating(
    db_session: Session, network: Network, who: str, region: str | None, allowed: bool
) -> None:
    actor = getattr(network, who)
    draft = network.draft(region_code=region)
    if allowed:
        assert create_agreement(db_session, actor, draft, today=TODAY).region_code == region
    else:
        with pytest.raises(AgreementForbiddenError):
            create_agreement(db_session, actor, draft, today=TODAY)


def test_a_regional_coordinator_cannot_move_an_agreement_out_of_their_region(
    db_session: Session, network: Network
) -> None:
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    with pytest.raises(AgreementForbiddenError):
        edit_agreement(
            db_session,
            network.maule,
            view.id,
            replace(draft_of(view), region_code=None),
            version=view.version,
            today=TODAY,
        )


def test_edit_records_what_changed_and_the_history_reads_it(
    db_session: Session, network: Network
) -> None:
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    db_session.commit()
    draft = draft_of(view)
    parties = (draft.parties[0], replace(draft.parties[1], contact_phone="+56 71 220 0000"))
    edited = edit_agreement(
        db_session,
        network.maule,
        view.id,
        replace(draft, quota=12, quota_used=5, parties=parties),
        version=view.version,
        today=TODAY,
        reason="Addendum 2026",
    )
    db_session.commit()
    assert edited.version == 2 and edited.quota_left == 7
    history = agreement_history(db_session, view.id)
    assert [h.action for h in history] == ["agreement.created", "agreement.updated"]
    last = history[-1]
    assert last.version == 2 and last.reason == "Addendum 2026"
    assert last.actor == network.maule.email
    assert {(c.field, c.agency_id, c.before, c.after) for c in last.changes} == {
        ("quota", None, 10, 12),
        ("quota_used", None, 0, 5),
        ("contact_phone", network.omil.id, None, "+56 71 220 0000"),
    }
    names = names_in(db_session, [c for h in history for c in h.changes])
    assert names[network.omil.id][0] == "OMIL Talca"
    assert names[network.placement.id][0] == network.placement.name_es


def test_saving_nothing_new_writes_nothing(db_session: Session, network: Network) -> None:
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    db_session.commit()
    again = edit_agreement(
        db_session, network.maule, view.id, draft_of(view), version=1, today=TODAY
    )
    db_session.commit()
    assert again.version == 1 and len(agreement_history(db_session, view.id)) == 1


def test_the_second_of_two_editors_is_told_what_changed_meanwhile(
    engine: Engine, db_session: Session, network: Network
) -> None:
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    db_session.commit()
    with open_session(engine) as first, open_session(engine) as second:
        mine = get_agreement(first, network.maule, view.id, on=TODAY)
        theirs = get_agreement(second, network.national, view.id, on=TODAY)
        assert mine.version == theirs.version == 1
        edit_agreement(
            first,
            network.maule,
            view.id,
            replace(draft_of(mine), title_es="Acceso preferente OMIL Talca", quota=15),
            version=mine.version,
            today=TODAY,
        )
        first.commit()
        their_input = replace(draft_of(theirs), quota=8, document_url="https://x.example.cl/a")
        with pytest.raises(ChangedMeanwhileError) as caught:
            edit_agreement(second, network.national, view.id, their_input, version=1, today=TODAY)
        second.rollback()
    refused = caught.value
    assert (refused.loaded_version, refused.current_version) == (1, 2)
    assert refused.draft == their_input  # the second person's input, kept
    assert refused.changed_by == (network.maule.email,)
    assert {(c.field, c.before, c.after) for c in refused.changes} == {
        ("title_es", "Acceso preferente a la OMIL de Talca", "Acceso preferente OMIL Talca"),
        ("quota", 10, 15),
    }
    db_session.expire_all()
    stored = db_session.get(Agreement, view.id)
    assert stored is not None and stored.quota == 15 and stored.document_url is None


def test_status_actions_and_their_refusals(db_session: Session, network: Network) -> None:
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    suspended = suspend_agreement(db_session, network.maule, view.id, version=1, today=TODAY)
    assert suspended.effective_status is EffectiveStatus.SUSPENDED
    with pytest.raises(AgreementInvalidError) as caught:
        suspend_agreement(db_session, network.maule, view.id, version=2, today=TODAY)
    assert "status" in caught.value.errors
    active = activate_agreement(db_session, network.maule, view.id, version=2, today=TODAY)
    ended = end_agreement(
        db_session, network.maule, view.id, version=3, today=TODAY, reason="Mutual decision"
    )
    assert (active.status, ended.status, ended.version) == ("active", "ended", 4)
    with pytest.raises(AgreementInvalidError):
        end_agreement(db_session, network.maule, view.id, version=4, today=TODAY)
    actions = [h.action for h in agreement_history(db_session, view.id)]
    assert actions == [
        "agreement.created",
        "agreement.suspended",
        "agreement.activated",
        "agreement.ended",
    ]
    with pytest.raises(AgreementForbiddenError):
        suspend_agreement(db_session, network.santiago, view.id, version=4, today=TODAY)


def test_renewal_is_a_new_period_that_keeps_the_old_one(
    db_session: Session, network: Network
) -> None:
    view = create_agreement(db_session, network.maule, network.draft(quota_used=9), today=TODAY)
    db_session.commit()
    renewal = Renewal(
        valid_from=date(2027, 7, 1),
        valid_to=date(2029, 6, 30),
        signed_on=date(2026, 5, 20),
        quota=20,
        quota_period="year",
    )
    new = renew_agreement(db_session, network.maule, view.id, renewal, version=1, today=TODAY)
    db_session.commit()
    old = get_agreement(db_session, network.maule, view.id, on=TODAY)
    assert old.valid_to == date(2027, 6, 30)  # ends the day before the new period
    assert old.quota_used == 9 and old.renewed_by_id == new.id and old.version == 2
    assert new.renews_id == view.id and new.slug == f"{view.slug}-2027"
    assert (new.quota, new.quota_used, new.status) == (20, 0, "active")
    assert new.effective_status is EffectiveStatus.UPCOMING
    assert [p.agency_id for p in new.parties] == [p.agency_id for p in old.parties]
    [renewed] = [h for h in agreement_history(db_session, view.id) if h.version == 2]
    assert renewed.action == "agreement.renewed" and renewed.related_id == new.id
    assert [(c.field, c.after) for c in renewed.changes] == [("valid_to", "2027-06-30")]
    [created] = agreement_history(db_session, new.id)
    assert created.action == "agreement.created" and created.related_id == view.id
    with pytest.raises(AgreementInvalidError) as caught:
        renew_agreement(db_session, network.maule, view.id, renewal, version=2, today=TODAY)
    assert "status" in caught.value.errors  # already renewed


def test_a_renewal_must_start_after_the_period_it_continues(
    db_session: Session, network: Network
) -> None:
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    renewal = Renewal(valid_from=date(2025, 1, 1), valid_to=date(2024, 1, 1))
    with pytest.raises(AgreementInvalidError) as caught:
        renew_agreement(db_session, network.maule, view.id, renewal, version=1, today=TODAY)
    assert {"valid_from", "valid_to"} <= set(caught.value.errors)
    assert _count(db_session, Agreement) == 1


def test_the_database_refuses_a_save_that_races_past_the_check(
    engine: Engine, db_session: Session, network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both editors passed the version check (the second read a stale row): the version
    column makes the second UPDATE match nothing, and the editor still gets the diff."""
    view = create_agreement(db_session, network.maule, network.draft(), today=TODAY)
    db_session.commit()
    with open_session(engine) as first, open_session(engine) as second:
        stale = get_agreement(second, network.national, view.id, on=TODAY)
        loaded = writing.load_agreement(second, view.id)  # held in the session, version 1
        edit_agreement(
            first,
            network.maule,
            view.id,
            replace(draft_of(stale), quota=15),
            version=1,
            today=TODAY,
        )
        first.commit()
        monkeypatch.setattr(writing, "load_agreement", lambda *_a, **_k: loaded)
        with pytest.raises(ChangedMeanwhileError) as caught:
            edit_agreement(
                second,
                network.national,
                view.id,
                replace(draft_of(stale), quota=8),
                version=1,
                today=TODAY,
            )
    assert [(c.field, c.before, c.after) for c in caught.value.changes] == [("quota", 10, 15)]
    db_session.expire_all()
    stored = db_session.get(Agreement, view.id)
    assert stored is not None and (stored.quota, stored.version) == (15, 2)
    assert len(agreement_history(db_session, view.id)) == 2


@pytest.mark.parametrize("title", ["Nuevo", "New"])
def test_a_title_that_is_a_url_word_gets_a_slug_of_its_own(
    db_session: Session, network: Network, title: str
) -> None:
    """/convenios/nuevo creates an agreement; an agreement titled "Nuevo" must not hide there."""
    view = create_agreement(
        db_session, network.maule, replace(network.draft(), title_es=title), today=TODAY
    )
    assert view.slug == f"{title.lower()}-2"
