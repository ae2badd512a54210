"""Demo accounts: one per role, only with DEMO_ACCOUNTS and the demo catalogue loaded."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from enlace.accounts import passwords
from enlace.accounts.demo import DemoAccountsRefusedError, ensure_demo_accounts
from enlace.accounts.models import User
from enlace.catalogue.models import Agency
from enlace.catalogue.places import Region


def test_refused_when_the_setting_is_off(shipped_session: Session) -> None:
    with pytest.raises(DemoAccountsRefusedError, match="DEMO_ACCOUNTS"):
        ensure_demo_accounts(shipped_session, enabled=False)
    assert shipped_session.exec(select(User)).all() == []


def test_refused_without_the_demo_catalogue(db_session: Session) -> None:
    with pytest.raises(DemoAccountsRefusedError, match="demo catalogue"):
        ensure_demo_accounts(db_session, enabled=True)


def test_one_account_per_role_with_fresh_passwords(shipped_session: Session) -> None:
    accounts = ensure_demo_accounts(shipped_session, enabled=True)
    shipped_session.commit()
    by_role = {a.user.role: a for a in accounts}
    assert set(by_role) == {"staff", "coordinator", "admin"}
    centre = shipped_session.get(Agency, by_role["staff"].user.agency_id)
    assert centre is not None and centre.sector == "treatment_centre" and centre.origin == "demo"
    assert by_role["coordinator"].user.region_code == centre.region_code
    region = shipped_session.get(Region, centre.region_code)
    assert region is not None and region.code == "7"
    assert by_role["coordinator"].scope == "Región del Maule"  # named, never "region 7"
    assert by_role["staff"].scope == centre.name_es
    for account in accounts:
        assert account.user.is_demo
        assert passwords.verify_password(account.user.password_hash, account.password)
        assert not passwords.password_problems(account.password)
    again = ensure_demo_accounts(shipped_session, enabled=True)
    assert len(shipped_session.exec(select(User)).all()) == 3  # refreshed, not duplicated
    old = {a.user.email: a.password for a in accounts}
    for account in again:
        assert account.password != old[account.user.email]
        assert not passwords.verify_password(account.user.password_hash, old[account.user.email])
