"""Create, edit, retire, reinstate and restore agencies and offers; mark them checked.

Every function takes the caller's ``Session`` and the acting ``User``, checks the region
scope (:class:`RecordForbiddenError`), validates the whole draft first
(:class:`RecordInvalidError`, nothing written), writes, and appends one audit entry; the
caller commits. Edits name the ``version`` the editor loaded: a save in between raises
:class:`ChangedMeanwhileError` (and the row's version counter makes the database refuse a
save that races past the check).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import User
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.vocab import OfferStatus
from enlace.db import utcnow
from enlace.stewardship.checks import check_draft, check_places_kept
from enlace.stewardship.errors import (
    ChangedMeanwhileError,
    RecordForbiddenError,
    RecordNotFoundError,
)
from enlace.stewardship.history import as_details, changes_since, diff, versions
from enlace.stewardship.records import (
    MANAGED,
    agency_snapshot,
    apply_agency,
    apply_offer,
    offer_snapshot,
)
from enlace.stewardship.scope import may_edit_record
from enlace.stewardship.validation import Errors, Known, validate_agency, validate_offer

__all__ = ["check_draft"]  # the provider requests check drafts through this module

Record = Agency | Offer
OFFER = "offer"
AGENCY = "agency"
RETIRED = OfferStatus.INACTIVE.value
ACTIVE = OfferStatus.ACTIVE.value


@dataclass(frozen=True, slots=True)
class KindSpec:
    model: type[Agency] | type[Offer]
    snapshot: Callable[[Any], dict[str, Any]]
    apply: Callable[[Any, dict[str, Any]], None]
    validate: Callable[[dict[str, Any], Known], Errors]


KINDS: dict[str, KindSpec] = {
    OFFER: KindSpec(Offer, offer_snapshot, apply_offer, validate_offer),
    AGENCY: KindSpec(Agency, agency_snapshot, apply_agency, validate_agency),
}


def snapshot_of(kind: str, row: Record) -> dict[str, Any]:
    return KINDS[kind].snapshot(row)


def region_of(session: Session, row: Record) -> str | None:
    """An agency's region; an offer is in its agency's."""
    if isinstance(row, Offer):
        agency = session.get(Agency, row.agency_id)
        return agency.region_code if agency is not None else None
    return row.region_code


def check_scope(actor: User, region_code: str | None) -> None:
    if not may_edit_record(actor, region_code):
        raise RecordForbiddenError(str(region_code))


def id_of(session: Session, kind: str, slug: str) -> str:
    model = KINDS[kind].model
    found = session.exec(select(model.id).where(model.slug == slug)).first()
    if found is None:
        raise RecordNotFoundError(slug)
    return str(found)


def load(session: Session, kind: str, record_id: str, *, fresh: bool = False) -> Record:
    model = KINDS[kind].model
    row = session.get(model, record_id, populate_existing=fresh)
    if not isinstance(row, Agency | Offer):
        raise RecordNotFoundError(record_id)
    return row


def slug_for(session: Session, kind: str, name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    base = "-".join(re.sub(r"[^a-z0-9]+", " ", plain).split())[:70].strip("-") or kind
    model = KINDS[kind].model
    taken = set(session.exec(select(model.slug).where(col(model.slug).startswith(base))))
    taken |= {"nueva", "nuevo", "new"}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _audit(
    session: Session,
    actor: User | None,
    kind: str,
    verb: str,
    row: Record,
    changes: list[Any],
    reason: str | None,
    request_info: RequestInfo | None,
    actor_label: str | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    details = {**as_details(row.version, changes, snapshot_of(kind, row)), **(extra or {})}
    action = f"catalogue.{kind}.{verb}"
    record(
        session,
        actor,
        action,
        kind,
        row.id,
        reason,
        request_info,
        details=details,
        actor_label=actor_label,
    )


def create_agency(
    session: Session,
    actor: User,
    draft: dict[str, Any],
    *,
    request_info: RequestInfo | None = None,
) -> Agency:
    """A new agency in the actor's scope, audited; the caller commits."""
    check_scope(actor, draft.get("region_code"))
    check_draft(session, AGENCY, draft, None)
    agency = Agency(
        slug=slug_for(session, AGENCY, draft["name_es"]),
        name_es=draft["name_es"],
        sector=draft["sector"],
        level=draft["level"],
    )
    apply_agency(agency, {k: v for k, v in draft.items() if k not in MANAGED})
    agency.last_modified = utcnow()
    session.add(agency)
    session.flush()
    _audit(
        session,
        actor,
        AGENCY,
        "created",
        agency,
        diff({}, agency_snapshot(agency)),
        None,
        request_info,
    )
    return agency


def create_offer(
    session: Session,
    actor: User,
    agency_id: str,
    draft: dict[str, Any],
    *,
    request_info: RequestInfo | None = None,
) -> Offer:
    """A new offer of an agency in the actor's scope, audited; the caller commits."""
    agency = load(session, AGENCY, agency_id)
    check_scope(actor, region_of(session, agency))
    check_draft(session, OFFER, draft, agency_id)
    offer = Offer(
        slug=slug_for(session, OFFER, draft["name_es"]),
        agency_id=agency_id,
        name_es=draft["name_es"],
        kind=draft["kind"],
        assured_date=date.today(),
    )
    apply_offer(offer, {k: v for k, v in draft.items() if k not in MANAGED})
    offer.last_modified = utcnow()
    session.add(offer)
    session.flush()
    _audit(
        session, actor, OFFER, "created", offer, diff({}, offer_snapshot(offer)), None, request_info
    )
    return offer


def _agency_id(row: Record) -> str | None:
    return row.agency_id if isinstance(row, Offer) else None


def _flush_or_changed(session: Session, kind: str, record_id: str, loaded: int, draft: Any) -> None:
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        current = load(session, kind, record_id, fresh=True)
        now = snapshot_of(kind, current)
        changes, who = changes_since(session, kind, record_id, loaded, now)
        raise ChangedMeanwhileError(
            kind, record_id, loaded, current.version, changes, who, draft
        ) from None


def load_for_change(
    session: Session, actor: User, kind: str, record_id: str, version: int, draft: Any
) -> Record:
    """The current row, in scope, at the version the editor loaded."""
    row = load(session, kind, record_id, fresh=True)
    check_scope(actor, region_of(session, row))
    if row.version != version:
        changes, who = changes_since(session, kind, record_id, version, snapshot_of(kind, row))
        raise ChangedMeanwhileError(kind, record_id, version, row.version, changes, who, draft)
    return row


def _write(
    session: Session,
    actor: User | None,
    kind: str,
    row: Record,
    data: dict[str, Any],
    verb: str,
    version: int,
    reason: str | None,
    request_info: RequestInfo | None,
    actor_label: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Record:
    before = snapshot_of(kind, row)
    KINDS[kind].apply(row, data)
    changes = diff(before, snapshot_of(kind, row))
    if not changes:
        return row
    row.last_modified = utcnow()  # an UPDATE of the row even when only children changed
    flag_modified(row, "last_modified")  # (and in the same second as the last one)
    _flush_or_changed(session, kind, row.id, version, data)
    _audit(session, actor, kind, verb, row, changes, reason, request_info, actor_label, extra)
    return row


def edit_record(
    session: Session,
    actor: User,
    kind: str,
    record_id: str,
    draft: dict[str, Any],
    *,
    version: int,
    reason: str | None = None,
    request_info: RequestInfo | None = None,
) -> Record:
    """Save the editor's draft over the record they loaded at ``version``; saving nothing
    new writes nothing. An agency's new region must be in scope too."""
    row = load_for_change(session, actor, kind, record_id, version, draft)
    data = {k: v for k, v in draft.items() if k not in MANAGED}
    current = snapshot_of(kind, row)
    if kind == AGENCY:
        if "region_code" in draft:  # moving it: the new region must be in scope too
            check_scope(actor, draft["region_code"])
        check_places_kept(session, record_id, current["places"], data.get("places"))
    check_draft(session, kind, {**current, **data}, _agency_id(row), current)
    return _write(session, actor, kind, row, data, "updated", version, reason, request_info)


def set_retired(
    session: Session,
    actor: User,
    kind: str,
    record_id: str,
    *,
    retired: bool,
    version: int,
    reason: str | None = None,
    request_info: RequestInfo | None = None,
    verb: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Record:
    """Retire (no longer shown or matched) or reinstate an agency or offer; ``verb`` and
    ``extra`` name the audit action and add to its details (:mod:`.retire`)."""
    row = load_for_change(session, actor, kind, record_id, version, None)
    status = RETIRED if retired else ACTIVE
    verb = verb or ("retired" if retired else "reinstated")
    data = {"status": status}
    return _write(session, actor, kind, row, data, verb, version, reason, request_info, None, extra)


def restore_version(
    session: Session,
    actor: User,
    kind: str,
    record_id: str,
    target: int,
    *,
    version: int,
    request_info: RequestInfo | None = None,
) -> Record:
    """Write back every field the record had at version ``target`` (as a new version)."""
    row = load_for_change(session, actor, kind, record_id, version, None)
    snapshot = versions(session, kind, record_id).get(target)
    if snapshot is None:
        raise RecordNotFoundError(f"{record_id} version {target}")
    data = {k: v for k, v in snapshot.items() if k != "agency_id"}
    if kind == AGENCY:
        check_places_kept(session, record_id, snapshot_of(kind, row)["places"], data.get("places"))
    reason = f"v{target}"
    return _write(session, actor, kind, row, data, "restored", version, reason, request_info)


def mark_checked(
    session: Session,
    actor: User | None,
    kind: str,
    record_id: str,
    *,
    today: date,
    actor_label: str | None = None,
    request_info: RequestInfo | None = None,
) -> Record:
    """ "Checked today, nothing changed": the assured date becomes today, audited."""
    row = load(session, kind, record_id, fresh=True)
    if actor is not None:
        check_scope(actor, region_of(session, row))
    return _write(
        session,
        actor,
        kind,
        row,
        {"assured_date": today.isoformat()},
        "checked",
        row.version,
        None,
        request_info,
        actor_label,
    )
