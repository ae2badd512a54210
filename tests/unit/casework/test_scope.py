"""Another centre's staff, coordinators and admins cannot read or change a participant
through any service: each call is refused as "not found" and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session

from enlace.accounts.models import User
from enlace.casework import (
    assessments,
    caseload,
    disclosures,
    letters,
    links,
    overview,
    participants,
    plan,
    privacy,
    referrals,
)
from enlace.casework import consent as consents
from enlace.casework.consent import ConsentDraft
from enlace.casework.errors import CaseworkError, NotInScopeError
from enlace.casework.models import Participant
from enlace.casework.participants import ParticipantDraft
from enlace.casework.plan import GoalDraft
from enlace.casework.referrals import ReferralDraft
from tests.unit.casework.conftest import TODAY, World

Call = Callable[[Session, User, dict[str, Any]], object]

CALLS: dict[str, Call] = {
    "overview": lambda s, u, r: overview.overview(s, u, r["participant"]),
    "update": lambda s, u, r: participants.update(s, u, r["participant"], ParticipantDraft(1980)),
    "transfer": lambda s, u, r: participants.transfer(s, u, r["participant"], r["consent"]),
    "export": lambda s, u, r: privacy.export(s, u, r["participant"]),
    "delete": lambda s, u, r: privacy.delete_on_request(s, u, r["participant"]),
    "assess": lambda s, u, r: assessments.record(
        s, u, r["participant"], {"needs": {}}, instrument="x", rule_version="1"
    ),
    "history": lambda s, u, r: assessments.history(s, u, r["participant"]),
    "profile": lambda s, u, r: assessments.profile_for_matching(s, u, r["participant"]),
    "goals": lambda s, u, r: plan.goals(s, u, r["participant"]),
    "create goal": lambda s, u, r: plan.create_goal(
        s, u, r["participant"], GoalDraft("employment", "x")
    ),
    "update goal": lambda s, u, r: plan.update_goal(s, u, r["goal"], GoalDraft("housing", "y")),
    "delete goal": lambda s, u, r: plan.delete_goal(s, u, r["goal"]),
    "print plan": lambda s, u, r: plan.plan_print(s, u, r["participant"]),
    "refer": lambda s, u, r: referrals.create(s, u, r["participant"], ReferralDraft(r["offer"])),
    "move": lambda s, u, r: referrals.move(s, u, r["referral"], "cancelled", "other", "x"),
    "referral history": lambda s, u, r: referrals.history(s, u, r["referral"]),
    "link goals": lambda s, u, r: referrals.link_goals(s, u, r["referral"], []),
    "attach consent": lambda s, u, r: referrals.attach_consent(s, u, r["referral"], r["consent"]),
    "letter": lambda s, u, r: letters.letter(s, u, r["referral"]),
    "create link": lambda s, u, r: links.create(s, u, r["referral"]),
    "revoke link": lambda s, u, r: links.revoke(s, u, r["link"]),
    "links": lambda s, u, r: links.links_of(s, u, r["referral"]),
    "record consent": lambda s, u, r: consents.record(
        s,
        u,
        r["participant"],
        ConsentDraft(r["agency"], ("age",), TODAY, TODAY + timedelta(days=9), "in_person"),
    ),
    "revoke consent": lambda s, u, r: consents.revoke(s, u, r["consent"], "phone"),
    "disclosures": lambda s, u, r: disclosures.accounting(s, u, r["participant"]),
}


@pytest.fixture
def records(db_session: Session, world: World) -> dict[str, Any]:
    person = world.participant(db_session)
    consent = world.consent(db_session, person)
    referral = world.referral(db_session, person, consent=consent)
    assert referral.id is not None
    referrals.send(db_session, world.staff, referral.id)
    link, _token = links.create(db_session, world.staff, referral.id)
    goal = plan.create_goal(db_session, world.staff, person.id, GoalDraft("employment", "Work"))
    db_session.commit()
    return {
        "participant": person.id,
        "consent": consent.id,
        "referral": referral.id,
        "link": link.id,
        "goal": goal.id,
        "offer": world.offer.id,
        "agency": world.omil.id,
    }


@pytest.mark.parametrize("who", ["outsider", "coordinator", "admin"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_nobody_outside_the_centre_reaches_a_participant(
    db_session: Session, world: World, records: dict[str, Any], who: str, name: str
) -> None:
    actor: User = getattr(world, who)
    with pytest.raises(NotInScopeError):
        CALLS[name](db_session, actor, records)
    db_session.rollback()
    person = db_session.get(Participant, records["participant"])
    assert person is not None and person.centre_id == world.centre.id


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_colleague_of_the_same_centre_may(
    db_session: Session, world: World, records: dict[str, Any], name: str
) -> None:
    """Scope lets them through; the service may still refuse for its own reasons."""
    try:
        CALLS[name](db_session, world.colleague, records)
    except NotInScopeError:
        pytest.fail(f"{name} refused a colleague of the same centre")
    except CaseworkError:
        pass


def test_find_and_caseload_stay_within_the_centre(db_session: Session, world: World) -> None:
    person = world.participant(db_session, file_number="EXP-77")
    db_session.commit()
    assert participants.find(db_session, world.staff, person.code.lower()) == [person]
    assert participants.find(db_session, world.staff, "exp-77") == [person]
    assert participants.find(db_session, world.outsider, person.code) == []
    assert caseload.caseload(db_session, world.outsider).participant_count == 0
    with pytest.raises(NotInScopeError):
        participants.find(db_session, world.coordinator, person.code)


def test_after_a_transfer_the_old_centre_loses_access(db_session: Session, world: World) -> None:
    person = world.participant(db_session)
    consent = world.consent(
        db_session, person, recipient_agency_id=world.other_centre.id, purpose="transfer"
    )
    participants.transfer(db_session, world.staff, person.id, consent.id or 0)
    db_session.commit()
    with pytest.raises(NotInScopeError):
        overview.overview(db_session, world.staff, person.id)
    assert overview.overview(db_session, world.outsider, person.id).participant.id == person.id
    lines = disclosures.accounting(db_session, world.outsider, person.id)
    assert [line.kind for line in lines] == ["transfer"]
    assert lines[0].recipient_agency_id == world.other_centre.id
