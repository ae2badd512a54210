"""Account services: validation of what admins set, and the audit line of every change."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from enlace.accounts import passwords, service
from enlace.accounts.errors import AccountError
from enlace.accounts.models import AuditEntry
from enlace.accounts.service import UserFields
from tests.accounts_factories import PASSWORD, make_centre, make_user
from tests.factories import make_agency


def _actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all())  # type: ignore[arg-type]


def test_create_staff_coordinator_and_admin(db_session: Session) -> None:
    admin = make_user(db_session, "admin")
    centre = make_centre(db_session)
    staff = service.create_user(
        db_session, UserFields(" Ana@Example.ORG ", " Ana ", "staff", centre.id), admin, None
    )
    coordinator = service.create_user(
        db_session, UserFields("c@example.org", "C", "coordinator", centre.id, "7"), admin, None
    )
    national = service.create_user(
        db_session, UserFields("n@example.org", "N", "coordinator", None, "national"), admin, None
    )
    assert (staff.email, staff.display_name, staff.agency_id) == (
        "ana@example.org",
        "Ana",
        centre.id,
    )
    assert staff.password_hash is None  # set through an invitation link
    assert (coordinator.agency_id, coordinator.region_code) == (None, "7")
    assert national.region_code is None
    assert _actions(db_session) == ["user_created"] * 3


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (UserFields("not-an-email", "A", "admin"), "email"),
        (UserFields("a@b", "A", "admin"), "email"),
        (UserFields("x" * 250 + "@example.org", "A", "admin"), "email"),
        (UserFields("a@example.org", " ", "admin"), "display_name"),
        (UserFields("a@example.org", "A" * 121, "admin"), "display_name"),
        (UserFields("a@example.org", "A", "root"), "role"),
        (UserFields("a@example.org", "A", "staff", None), "agency_id"),
        (UserFields("a@example.org", "A", "staff", "no-such-agency"), "agency_id"),
        (UserFields("a@example.org", "A", "coordinator", None, "99"), "region_code"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(
    db_session: Session, fields: UserFields, field: str
) -> None:
    with pytest.raises(AccountError) as refused:
        service.create_user(db_session, fields, None, None)
    assert refused.value.field == field


def test_staff_must_belong_to_a_treatment_centre_not_any_agency(db_session: Session) -> None:
    ngo = make_agency(db_session, sector="ngo")
    with pytest.raises(AccountError, match="treatment centre"):
        service.create_user(
            db_session, UserFields("a@example.org", "A", "staff", ngo.id), None, None
        )


def test_emails_are_unique_whatever_the_case(db_session: Session) -> None:
    make_user(db_session, "admin", email="ana@example.org")
    with pytest.raises(AccountError, match="already uses"):
        service.create_user(db_session, UserFields("ANA@example.org", "A", "admin"), None, None)


def test_create_with_a_password_checks_the_rules(db_session: Session) -> None:
    with pytest.raises(AccountError, match="common"):
        service.create_user(
            db_session,
            UserFields("a@example.org", "A", "admin"),
            None,
            None,
            password="password123456",
        )
    user = service.create_user(
        db_session, UserFields("b@example.org", "B", "admin"), None, None, password=PASSWORD
    )
    assert passwords.verify_password(user.password_hash, PASSWORD)


def test_update_records_what_changed_and_refuses_own_role(db_session: Session) -> None:
    admin = make_user(db_session, "admin", email="admin@example.org")
    user = make_user(db_session, "coordinator", email="c@example.org", region_code="7")
    old_name = user.display_name
    fields = UserFields("c@example.org", "New name", "coordinator", None, "national")
    changed = service.update_user(db_session, user, fields, admin, None)
    assert changed == {
        "display_name": {"from": old_name, "to": "New name"},
        "region_code": {"from": "7", "to": None},
    }
    assert service.update_user(db_session, user, fields, admin, None) == {}
    entry = db_session.exec(select(AuditEntry).where(AuditEntry.action == "user_updated")).one()
    assert entry.details is not None and entry.details["region_code"] == {"from": "7", "to": None}
    demote = UserFields("admin@example.org", "A", "staff", make_centre(db_session).id)
    with pytest.raises(AccountError, match="own role"):
        service.update_user(db_session, admin, demote, admin, None)


def test_disable_ends_sessions_and_cannot_target_yourself(db_session: Session) -> None:
    admin = make_user(db_session, "admin")
    user = make_user(db_session, "staff")
    service.set_disabled(db_session, user, True, admin, None, "left")
    assert user.disabled and user.session_version == 2
    service.set_disabled(db_session, user, True, admin, None)  # already: nothing happens
    service.set_disabled(db_session, user, False, admin, None)
    assert not user.disabled
    with pytest.raises(AccountError, match="your own account"):
        service.set_disabled(db_session, admin, True, admin, None)
    assert _actions(db_session) == ["user_disabled", "user_enabled"]


def test_change_password_needs_the_current_one(db_session: Session) -> None:
    user = make_user(db_session, "staff")
    with pytest.raises(AccountError) as wrong:
        service.change_password(db_session, user, "wrong", "una clave nueva larga", None)
    assert wrong.value.field == "current_password"
    with pytest.raises(AccountError, match="different"):
        service.change_password(db_session, user, PASSWORD, PASSWORD, None)
    service.change_password(db_session, user, PASSWORD, "una clave nueva larga", None)
    assert passwords.verify_password(user.password_hash, "una clave nueva larga")
    assert user.session_version == 2
    assert _actions(db_session) == ["password_changed"]


def test_logout_everywhere_bumps_the_version(db_session: Session) -> None:
    admin = make_user(db_session, "admin")
    user = make_user(db_session, "staff")
    service.logout_everywhere(db_session, user, user, None)
    service.logout_everywhere(db_session, user, admin, None, "lost phone")
    assert user.session_version == 3
    assert _actions(db_session) == ["logout_everywhere", "user_signed_out"]


def test_list_users_filters(db_session: Session) -> None:
    make_user(db_session, "admin", email="boss@example.org", display_name="La Jefa")
    make_user(db_session, "staff", email="ana@example.org", disabled=True)
    assert [u.email for u in service.list_users(db_session, query="jefa")] == ["boss@example.org"]
    assert [u.email for u in service.list_users(db_session, status="disabled")] == [
        "ana@example.org"
    ]
    assert [u.email for u in service.list_users(db_session, role="admin")] == ["boss@example.org"]
    assert service.list_users(db_session, query="%") == []
