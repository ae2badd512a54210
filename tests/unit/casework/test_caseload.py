"""The caseload and participant overview reads, assessments and the plan, and the
coordinators' aggregate (counts only, small cells hidden)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from enlace.accounts.models import AuditEntry
from enlace.casework import (
    aggregate,
    assessments,
    caseload,
    overview,
    participants,
    plan,
    referrals,
)
from enlace.casework.errors import InvalidError
from enlace.casework.models import Referral
from enlace.casework.participants import ParticipantDraft
from enlace.casework.plan import GoalDraft
from enlace.catalogue.vocab import NeedDomain
from enlace.db import utcnow
from tests.unit.casework.conftest import TODAY, World


def _assess(db_session: Session, world: World, person_id: str, **levels: str) -> None:
    assessments.record(
        db_session,
        world.staff,
        person_id,
        {"needs": levels},
        instrument="enlace-short",
        rule_version="1",
    )


def test_the_caseload_lists_what_needs_doing(db_session: Session, world: World) -> None:
    mine = world.participant(db_session)
    colleagues = participants.create(db_session, world.colleague, ParticipantDraft(1985))
    consent = world.consent(db_session, mine)
    waiting = world.referral(db_session, mine, consent=consent)
    follow = world.referral(db_session, mine, follow_up_on=TODAY - timedelta(days=1))
    referrals.send(db_session, world.staff, waiting.id or 0)
    waiting.sent_at = utcnow() - timedelta(days=11)
    db_session.add(waiting)
    plan.create_goal(
        db_session,
        world.staff,
        mine.id,
        GoalDraft("housing", "Rent a room", target_date=TODAY - timedelta(days=3)),
    )
    plan.create_goal(
        db_session,
        world.staff,
        mine.id,
        GoalDraft("employment", "Done", target_date=TODAY - timedelta(days=3), status="achieved"),
    )
    db_session.commit()
    load = caseload.caseload(db_session, world.staff, unanswered_days=10)
    db_session.commit()
    assert [p.code for p in load.participants] == [mine.code]
    assert colleagues.code not in [p.code for p in load.participants]
    assert load.by_status == {"sent": 1, "draft": 1}
    assert [r.id for r in load.unanswered] == [waiting.id]
    assert [r.id for r in load.due_follow_ups] == [follow.id]
    assert [g.domain for g in load.goals_past_target] == ["housing"]
    viewed = db_session.exec(select(AuditEntry).where(AuditEntry.action == "caseload.viewed")).one()
    assert viewed.actor_id == world.staff.id


def test_the_overview_is_audited_and_shows_the_latest_levels(
    db_session: Session, world: World
) -> None:
    person = world.participant(db_session)
    _assess(db_session, world, person.id, employment="high", housing="low")
    _assess(db_session, world, person.id, employment="medium")
    db_session.commit()
    view = overview.overview(db_session, world.staff, person.id)
    db_session.commit()
    assert view.levels["employment"] == "medium"
    assert view.levels["housing"] == "unknown"
    entry = db_session.exec(
        select(AuditEntry).where(AuditEntry.action == "participant.viewed")
    ).one()
    assert entry.target_id == person.id
    assert entry.details == {"code": person.code, "purpose": "case_management"}


def test_assessment_history_and_level_series(db_session: Session, world: World) -> None:
    person = world.participant(db_session, attributes={"gender": "female"})
    _assess(db_session, world, person.id, employment="high")
    _assess(db_session, world, person.id, employment="low")
    history = assessments.history(db_session, world.staff, person.id)
    series = assessments.level_series(history)
    assert [p.level for p in series["employment"]] == ["high", "low"]
    assert [p.level for p in series["housing"]] == ["unknown", "unknown"]
    profile = assessments.profile_for_matching(db_session, world.staff, person.id, TODAY)
    assert profile.value("age") == TODAY.year - 1990
    assert profile.value("gender") == "female"
    assert profile.need("employment").level == "low"


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"needs": {"employment": "huge"}}, "needs.employment"),
        ({"needs": {"space": "high"}}, "needs.space"),
        ({"attributes": {"age": 30}}, "attributes.age"),
        ({"attributes": {"gender": "x"}}, "attributes.gender"),
    ],
)
def test_a_bad_profile_is_refused_per_field(
    db_session: Session, world: World, profile: dict[str, object], field: str
) -> None:
    person = world.participant(db_session)
    with pytest.raises(InvalidError) as caught:
        assessments.record(
            db_session, world.staff, person.id, profile, instrument="x", rule_version="1"
        )
    assert field in caught.value.errors


@pytest.mark.parametrize(
    ("draft", "errors"),
    [
        (GoalDraft("employment", "Work"), {}),
        (GoalDraft("space", "Work"), {"domain": "unknown_domain"}),
        (GoalDraft("employment", "  "), {"text": "required"}),
        (GoalDraft("employment", "Work", status="paused"), {"status": "unknown_status"}),
        (GoalDraft("employment", "Work", status="dropped"), {"dropped_reason": "required"}),
        (GoalDraft("employment", "Work", status="dropped", dropped_reason="moved"), {}),
    ],
)
def test_goal_status_rules(draft: GoalDraft, errors: dict[str, str]) -> None:
    assert plan.draft_errors(draft) == errors


def test_goals_carry_their_referrals_and_print(db_session: Session, world: World) -> None:
    person = world.participant(db_session, language="en")
    goal = plan.create_goal(db_session, world.staff, person.id, GoalDraft("employment", "Work"))
    referral = world.referral(db_session, person, goal_ids=[goal.id])
    dropped = plan.update_goal(
        db_session,
        world.staff,
        goal.id or 0,
        GoalDraft("employment", "Work", status="dropped", dropped_reason="found a job alone"),
    )
    assert dropped.dropped_reason == "found a job alone"
    printed = plan.plan_print(db_session, world.staff, person.id)
    assert printed.language == "en"
    assert [r[0] for r in printed.goals[0].referrals] == [referral.id]
    plan.delete_goal(db_session, world.staff, goal.id or 0)
    assert plan.goals(db_session, world.staff, person.id) == []
    assert db_session.get(Referral, referral.id) is not None


@pytest.mark.parametrize(
    ("draft", "field", "problem"),
    [
        (ParticipantDraft(1850), "year_of_birth", "out_of_range"),
        (ParticipantDraft(TODAY.year), "year_of_birth", "out_of_range"),
        (ParticipantDraft(1990, file_number="12.345.678-5"), "file_number", "looks_like_rut"),
        (ParticipantDraft(1990, file_number="Juan Perez"), "file_number", "looks_like_name"),
        (ParticipantDraft(1990, language="fr"), "language", "unknown_language"),
    ],
)
def test_bad_participants_write_nothing(
    db_session: Session, world: World, draft: ParticipantDraft, field: str, problem: str
) -> None:
    with pytest.raises(InvalidError) as caught:
        participants.create(db_session, world.staff, draft)
    assert caught.value.errors[field] == problem
    assert (
        db_session.exec(
            select(AuditEntry).where(col(AuditEntry.action).startswith("participant"))
        ).all()
        == []
    )


def test_a_file_number_is_unique_within_a_centre(db_session: Session, world: World) -> None:
    world.participant(db_session, file_number="CT-1")
    with pytest.raises(InvalidError) as caught:
        world.participant(db_session, file_number="ct-1")
    assert caught.value.errors == {"file_number": "taken"}


def test_the_aggregate_counts_latest_high_unmet_needs_and_hides_small_cells(
    db_session: Session, world: World
) -> None:
    for n in range(7):
        person = world.participant(db_session)
        _assess(db_session, world, person.id, employment="high", housing="high" if n < 2 else "low")
    stale = world.participant(db_session)
    _assess(db_session, world, stale.id, employment="high")
    _assess(db_session, world, stale.id, employment="low")  # the latest counts
    met = world.participant(db_session)
    assessments.record(
        db_session,
        world.staff,
        met.id,
        {"needs": {"employment": "high"}, "met": ["employment"]},
        instrument="x",
        rule_version="1",
    )
    db_session.commit()
    counts = aggregate.count_unmet_high(db_session)
    assert counts[("7", "employment")] == 7 and counts[("7", "housing")] == 2
    result = aggregate.unmet_high_need(db_session, ["7"], [d.value for d in NeedDomain])
    assert result.cell("7", "employment") is None or result.cell("7", "employment") == 7
    assert result.cell("7", "housing") is None
    assert result.cell("13", "housing") == 0


def test_each_list_has_its_exact_size_and_pages_whole(db_session: Session, world: World) -> None:
    mine = world.participant(db_session)
    due = [
        world.referral(db_session, mine, follow_up_on=TODAY - timedelta(days=n)) for n in (1, 2, 3)
    ]
    db_session.commit()
    load = caseload.caseload(db_session, world.staff, today=TODAY, limit=2)
    assert len(load.due_follow_ups) == 2
    assert load.counts[caseload.Section.FOLLOW_UPS] == 3
    assert load.counts[caseload.Section.OPEN] == 3
    assert load.counts[caseload.Section.PARTICIPANTS] == 1
    assert load.counts[caseload.Section.UNANSWERED] == 0
    first = caseload.section(
        db_session, world.staff, caseload.Section.FOLLOW_UPS, offset=0, limit=2, today=TODAY
    )
    rest = caseload.section(
        db_session, world.staff, caseload.Section.FOLLOW_UPS, offset=2, limit=2, today=TODAY
    )
    assert first.total == rest.total == 3
    oldest_first = [r.id for r in reversed(due)]
    assert [r.id for r in [*first.rows, *rest.rows]] == oldest_first  # type: ignore[union-attr]
    outsider = caseload.section(db_session, world.outsider, caseload.Section.FOLLOW_UPS)
    assert outsider.total == 0 and outsider.rows == []
    db_session.commit()
    listed = db_session.exec(
        select(AuditEntry).where(AuditEntry.action == "caseload.viewed").order_by(AuditEntry.id)
    ).all()
    assert listed[-2].details["section"] == "follow_ups"
