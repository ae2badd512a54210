"""Every consent rule: no valid consent, no sending, printing, link or transfer; revocation
at once; sensitive categories only when chosen explicitly; only consented data shared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from enlace.casework import consent as consents
from enlace.casework import letters, links, participants, referrals
from enlace.casework.consent import ConsentDraft, default_categories, draft_errors
from enlace.casework.errors import ConsentRequiredError, InvalidError
from enlace.casework.models import Disclosure
from enlace.casework.sharing import Facts, categories_of, shareable
from enlace.casework.vocab import SENSITIVE_CATEGORIES, DataCategory
from tests.unit.casework.conftest import TODAY, World


def _draft(**changes: object) -> ConsentDraft:
    values: dict[str, object] = {
        "recipient_agency_id": "x",
        "categories": ("age",),
        "given_on": TODAY,
        "expires_on": TODAY + timedelta(days=90),
        "method": "in_person",
    }
    values.update(changes)
    return ConsentDraft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({}, {}),
        ({"categories": ()}, {"categories": "required"}),
        ({"categories": ("age", "blood_type")}, {"categories": "unknown_category"}),
        ({"categories": ("age", "treatment")}, {"categories": "sensitive_not_confirmed"}),
        ({"categories": ("substance_use",)}, {"categories": "sensitive_not_confirmed"}),
        ({"categories": ("substance_use",), "sensitive_confirmed": True}, {}),
        ({"method": "by_email"}, {"method": "unknown_method"}),
        ({"purpose": "marketing"}, {"purpose": "unknown_purpose"}),
        (
            {"given_on": TODAY + timedelta(days=1)},
            {"given_on": "in_the_future"},
        ),
        ({"expires_on": TODAY - timedelta(days=1)}, {"expires_on": "in_the_past"}),
        ({"expires_on": TODAY + timedelta(days=800)}, {"expires_on": "too_far"}),
    ],
)
def test_consent_draft_rules(changes: dict[str, object], errors: dict[str, str]) -> None:
    assert draft_errors(_draft(**changes), TODAY) == errors


def test_sensitive_categories_are_off_by_default() -> None:
    assert not set(default_categories()) & SENSITIVE_CATEGORIES
    assert {DataCategory.TREATMENT, DataCategory.SUBSTANCE_USE} == SENSITIVE_CATEGORIES


def _sent(db_session: Session, world: World, **consent_fields: object):  # type: ignore[no-untyped-def]
    person = world.participant(db_session, attributes={"schooling": "primary_complete"})
    consent = world.consent(db_session, person, **consent_fields)
    referral = world.referral(db_session, person, consent=consent, agreement_id=world.agreement.id)
    assert referral.id is not None
    referrals.send(db_session, world.staff, referral.id)
    db_session.commit()
    return person, consent, referral


def test_revocation_takes_effect_at_once_everywhere(db_session: Session, world: World) -> None:
    person, consent, referral = _sent(db_session, world)
    _link, token = links.create(db_session, world.staff, referral.id)
    assert letters.letter(db_session, world.staff, referral.id).data["code"] == person.code
    consents.revoke(db_session, world.staff, consent.id or 0, "phone")
    db_session.commit()
    with pytest.raises(ConsentRequiredError) as caught:
        letters.letter(db_session, world.staff, referral.id)
    assert caught.value.problem == "revoked"
    with pytest.raises(ConsentRequiredError):
        links.create(db_session, world.staff, referral.id)
    page = links.open_page(db_session, token)
    assert page.consent_withdrawn and page.letter is None and page.actions == ()
    with pytest.raises(ConsentRequiredError):
        links.respond(db_session, token, "accepted")


def test_an_expired_consent_allows_nothing(db_session: Session, world: World) -> None:
    _person, consent, referral = _sent(db_session, world)
    consent.expires_on = TODAY - timedelta(days=1)
    db_session.add(consent)
    db_session.commit()
    with pytest.raises(ConsentRequiredError) as caught:
        letters.letter(db_session, world.staff, referral.id)
    assert caught.value.problem == "expired"


def test_no_consent_no_letter_and_no_link(db_session: Session, world: World) -> None:
    person = world.participant(db_session)
    referral = world.referral(db_session, person)
    assert referral.id is not None
    with pytest.raises(ConsentRequiredError):
        letters.letter(db_session, world.staff, referral.id)
    assert db_session.exec(select(Disclosure)).all() == []


def test_a_consent_of_another_participant_is_refused(db_session: Session, world: World) -> None:
    person = world.participant(db_session)
    someone_else = world.participant(db_session)
    theirs = world.consent(db_session, someone_else)
    referral = world.referral(db_session, person, consent=theirs)
    assert referral.id is not None
    with pytest.raises(ConsentRequiredError):
        referrals.send(db_session, world.staff, referral.id)


def test_the_letter_shares_only_consented_categories(db_session: Session, world: World) -> None:
    _person, consent, referral = _sent(db_session, world, categories=("age",))
    letter = letters.letter(db_session, world.staff, referral.id)
    assert set(letter.data) == {"code", "age"}
    assert letter.contact.name == "Rosa Díaz"
    assert letter.agreement_title == "Acceso preferente OMIL Talca"
    disclosure = db_session.exec(select(Disclosure)).one()
    assert (disclosure.kind, disclosure.categories, disclosure.consent_id) == (
        "letter",
        ["age"],
        consent.id,
    )


def test_a_transfer_needs_a_transfer_consent_for_that_centre(
    db_session: Session, world: World
) -> None:
    person = world.participant(db_session)
    for_referral = world.consent(db_session, person, recipient_agency_id=world.other_centre.id)
    with pytest.raises(ConsentRequiredError) as caught:
        participants.transfer(db_session, world.staff, person.id, for_referral.id or 0)
    assert caught.value.problem == "other_purpose"
    to_omil = world.consent(db_session, person, purpose="transfer")
    with pytest.raises(InvalidError):
        participants.transfer(db_session, world.staff, person.id, to_omil.id or 0)


FACTS = Facts(
    code="ABCD-EFGH",
    year_of_birth=1990,
    attributes={
        "region": "7",
        "commune": "7101",
        "schooling": "primary_complete",
        "treatment_stage": "in_treatment",
        "justice_status": "parole",
        "has_children": True,
        "rsh_band": 40,
    },
    needs={"employment": "high", "housing": "medium"},
    offer_domains=("employment",),
    goals=({"domain": "employment", "text": "Find a job", "target_date": None},),
)


@given(st.sets(st.sampled_from([c.value for c in DataCategory])))
def test_shared_data_never_exceeds_the_consent(categories: set[str]) -> None:
    data = shareable(FACTS, categories, TODAY)
    assert data["code"] == FACTS.code
    assert {c.value for c in categories_of(data)} <= categories


def test_treatment_is_shared_only_when_consented() -> None:
    assert "attributes" not in shareable(FACTS, ["age", "needs"], TODAY)
    assert shareable(FACTS, ["treatment"], TODAY)["attributes"] == {
        "treatment_stage": "in_treatment"
    }
    assert shareable(FACTS, ["needs"], TODAY)["needs"] == {"employment": "high"}
