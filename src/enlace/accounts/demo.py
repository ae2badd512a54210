"""Demo accounts for trying Enlace on the shipped catalogue (``make run``).

Three accounts, one per role, each given a fresh random password every time they are
ensured (the passwords are printed, never stored readable). They are created only when
the configuration says ``DEMO_ACCOUNTS`` and the demo catalogue is loaded, and they are
marked ``is_demo``: the login service refuses them whenever ``DEMO_ACCOUNTS`` is off, so
a production configuration never lets them in even if they exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from enlace.accounts import passwords
from enlace.accounts.audit import COMMAND_LINE, AuditAction, record
from enlace.accounts.models import User
from enlace.accounts.policy import Role
from enlace.catalogue.models import Agency
from enlace.catalogue.places import Region
from enlace.catalogue.stats import is_demo_catalogue
from enlace.catalogue.vocab import Origin, Sector
from enlace.db import utcnow

DEMO_DOMAIN = "demo.enlace.example"
PREFERRED_CENTRE = "ct-renacer-talca"


class DemoAccountsRefusedError(RuntimeError):
    """Demo accounts are off in this configuration, or the demo catalogue is not loaded."""


@dataclass(frozen=True, slots=True)
class DemoAccount:
    user: User
    password: str
    scope: str  # the centre or network, for the printout


def _demo_centre(session: Session) -> Agency | None:
    centres = session.exec(
        select(Agency)
        .where(Agency.sector == Sector.TREATMENT_CENTRE, Agency.origin == Origin.DEMO)
        .order_by(col(Agency.slug))
    ).all()
    preferred = [centre for centre in centres if centre.slug == PREFERRED_CENTRE]
    found = preferred or list(centres)
    return found[0] if found else None


def _ensure(session: Session, email: str, name: str, role: Role, **scope: str | None) -> User:
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, display_name=name, role=role.value, is_demo=True)
    user.role = role.value
    user.agency_id = scope.get("agency_id")
    user.region_code = scope.get("region_code")
    user.disabled = False
    user.is_demo = True
    user.updated_at = utcnow()
    return user


def _network_name(session: Session, region_code: str | None) -> str:
    """The coordinator's network as people say it: "Región del Maule", or national."""
    region = session.get(Region, region_code) if region_code else None
    if region is not None:
        return region.full_name
    return "national network" if region_code is None else f"region {region_code}"


def ensure_demo_accounts(session: Session, *, enabled: bool) -> list[DemoAccount]:
    """Create or refresh the three demo accounts with new passwords (caller commits)."""
    if not enabled:
        raise DemoAccountsRefusedError("DEMO_ACCOUNTS is off in this configuration")
    if not is_demo_catalogue(session):
        raise DemoAccountsRefusedError("the demo catalogue is not loaded")
    centre = _demo_centre(session)
    if centre is None:
        raise DemoAccountsRefusedError("the demo catalogue has no treatment centre")
    region = centre.region_code
    plan = [
        (
            _ensure(
                session,
                f"staff@{DEMO_DOMAIN}",
                "Demo staff",
                Role.STAFF,
                agency_id=centre.id,
            ),
            centre.name_es,
        ),
        (
            _ensure(
                session,
                f"coordinator@{DEMO_DOMAIN}",
                "Demo coordinator",
                Role.COORDINATOR,
                region_code=region,
            ),
            _network_name(session, region),
        ),
        (_ensure(session, f"admin@{DEMO_DOMAIN}", "Demo admin", Role.ADMIN), "-"),
    ]
    accounts = []
    for user, scope in plan:
        password = f"demo-{secrets.token_urlsafe(12)}"
        user.password_hash = passwords.hash_password(password)
        user.password_changed_at = utcnow()
        user.session_version += 1
        session.add(user)
        accounts.append(DemoAccount(user=user, password=password, scope=scope))
    session.flush()
    emails = [account.user.email for account in accounts]
    record(
        session,
        None,
        AuditAction.DEMO_ACCOUNTS,
        "user",
        None,
        None,
        COMMAND_LINE,
        details={"accounts": emails},
        actor_label="enlace demo-accounts",
    )
    return accounts
