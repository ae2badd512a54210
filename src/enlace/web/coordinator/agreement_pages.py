"""What the agreement views share: reading an agreement within scope (404, 403), the
form's choices and blank party row, the draft the form holds, the services' messages put
next to their fields, and the "changed meanwhile" summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import abort
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from enlace.accounts.models import User
from enlace.accounts.policy import NATIONAL, may_edit_agreement, region_scope
from enlace.catalogue.lookup import reference_data
from enlace.network.choices import AgencyChoice, agency_choices, offers_by_ids, offers_of
from enlace.network.errors import (
    AgreementForbiddenError,
    AgreementNotFoundError,
    ChangedMeanwhileError,
)
from enlace.network.history import agreement_history, names_in
from enlace.network.listing import AgreementView, OfferRef, agreement_id_of, get_agreement
from enlace.network.validation import AgreementDraft, PartyDraft
from enlace.network.vocab import PartySide, side_of
from enlace.web.access import signed_in_user
from enlace.web.common import options
from enlace.web.coordinator.agreement_forms import AgreementForm, PartyForm
from enlace.web.coordinator.agreement_text import ChangeLine, change_lines

#: Errors that belong to a group of fields rather than one: shown above the group.
GROUPS = ("parties", "status")


def today() -> date:
    """The day the pages work on (tests fix it)."""
    return date.today()


def actor() -> User:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    return user


def region_names(session: Session) -> dict[str, str]:
    """Region code -> name, and "" for agreements with no region (national)."""
    names = {r.code: r.name for r in reference_data(session).regions}
    return {**names, "": str(_l("National (every region)"))}


def read_or_abort(session: Session, user: User, slug: str, on: date) -> AgreementView:
    """The agreement named by the URL: 404 when unknown, 403 when out of the reader's scope."""
    try:
        return get_agreement(session, user, agreement_id_of(session, slug), on=on)
    except AgreementNotFoundError:
        abort(404)
    except AgreementForbiddenError:
        abort(403)


def editable_or_abort(session: Session, user: User, slug: str, on: date) -> AgreementView:
    """As :func:`read_or_abort`, and 403 unless this person may change it."""
    view = read_or_abort(session, user, slug, on)
    if not may_edit_agreement(user, view.region_code):
        abort(403)
    return view


def agency_name(agency: AgencyChoice) -> str:
    english = str(get_locale() or "es") == "en"
    return agency.name_en if english and agency.name_en else agency.name_es


def offer_name(offer: OfferRef) -> str:
    english = str(get_locale() or "es") == "en"
    return offer.name_en if english and offer.name_en else offer.name_es


@dataclass(frozen=True, slots=True)
class OfferChoice:
    """An offer a granting party provides, as a checkbox: its name and its agency's."""

    offer: OfferRef
    name: str
    agency: str


def prepare(form: AgreementForm, session: Session, user: User, *, blank_rows: int = 1) -> None:
    """Fill the choices (agencies, the regions this person may keep, the granting parties'
    offers) and leave ``blank_rows`` empty party rows after the filled ones (at least two
    rows in all), which is how a party is added without JavaScript."""
    agencies = agency_choices(session)
    by_id = {a.id: a for a in agencies}
    scope = region_scope(user)
    regions = [(r.code, r.name) for r in reference_data(session).regions]
    if scope != NATIONAL:
        regions = [(code, name) for code, name in regions if code == scope]
    national = [("", _l("National (every region)"))] if scope == NATIONAL else []
    form.region_code.choices = options([*national, *regions])
    filled = sum(1 for entry in form.parties if entry.form.filled())
    while (
        len(form.parties) < max(filled + blank_rows, 2)
        and len(form.parties) < form.parties.max_entries
    ):
        form.parties.append_entry()
    agency_options = options(
        [("", _l("Choose an agency (or leave empty)")), *((a.id, agency_name(a)) for a in agencies)]
    )
    for entry in form.parties:
        entry.form.agency_id.choices = agency_options
    granting = [
        e.form.agency_id.data
        for e in form.parties
        if e.form.agency_id.data in by_id and side_of(e.form.role.data or "") is PartySide.GRANTING
    ]
    chosen = set(form.offer_ids.data or ())
    offers = offers_of(session, granting)
    listed = {o.id for o in offers}
    offers += offers_by_ids(session, chosen - listed)
    form.offer_choices = [
        OfferChoice(
            o, offer_name(o), agency_name(by_id[o.agency_id]) if o.agency_id in by_id else ""
        )
        for o in offers
    ]
    form.offer_ids.choices = options((o.id, offer_name(o)) for o in offers)


def _text(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None


def draft_from(form: AgreementForm) -> tuple[AgreementDraft, list[int]]:
    """The draft the form holds, and for each of its parties the form row it came from."""
    rows = [n for n, entry in enumerate(form.parties) if entry.form.filled()]
    parties = []
    for n in rows:
        row: PartyForm = form.parties[n].form
        parties.append(
            PartyDraft(
                agency_id=row.agency_id.data or "",
                role=row.role.data or "",
                contact_name=_text(row.contact_name.data),
                contact_title=_text(row.contact_title.data),
                contact_phone=_text(row.contact_phone.data),
                contact_email=_text(row.contact_email.data),
            )
        )
    draft = AgreementDraft(
        title_es=(form.title_es.data or "").strip(),
        title_en=_text(form.title_en.data),
        description_es=_text(form.description_es.data),
        description_en=_text(form.description_en.data),
        kind=form.kind.data or "",
        valid_from=form.valid_from.value,
        valid_to=form.valid_to.value,
        signed_on=form.signed_on.value,
        parties=tuple(parties),
        domains=tuple(form.domains.data or ()),
        offer_ids=tuple(form.offer_ids.data or ()),
        quota=form.quota.value,
        quota_period=form.quota_period.data or None,
        quota_used=form.quota_used.value or 0,
        region_code=form.region_code.data or None,
        document_url=_text(form.document_url.data),
    )
    return draft, rows


def form_data(view: AgreementView) -> dict[str, object]:
    """The edit form's starting values."""
    return {
        "version": str(view.version),
        "title_es": view.title_es,
        "title_en": view.title_en or "",
        "description_es": view.description_es or "",
        "description_en": view.description_en or "",
        "kind": view.kind,
        "region_code": view.region_code or "",
        "signed_on": view.signed_on,
        "valid_from": view.valid_from,
        "valid_to": view.valid_to,
        "quota": "" if view.quota is None else str(view.quota),
        "quota_period": view.quota_period or "",
        "quota_used": str(view.quota_used),
        "document_url": view.document_url or "",
        "domains": list(view.domains),
        "offer_ids": [o.id for o in view.offers],
        "parties": [
            {
                "agency_id": p.agency_id,
                "role": p.role,
                "contact_name": p.contact_name or "",
                "contact_title": p.contact_title or "",
                "contact_phone": p.contact_phone or "",
                "contact_email": p.contact_email or "",
            }
            for p in view.parties
        ],
    }


def put_errors(
    form: AgreementForm,
    errors: dict[str, list[object]],
    rows: list[int],
    groups: dict[str, list[str]],
    *,
    keep_form_errors: bool = False,
) -> None:
    """Each service message next to its field (``parties-<n>-x`` of the draft goes to the
    form row it came from); group messages into ``groups``. With ``keep_form_errors``, a
    field the form already refused (a date it could not read) keeps only that message."""
    for key, messages in errors.items():
        texts = [str(m) for m in messages]
        field = None
        if key.startswith("parties-"):
            _, index, name = key.split("-", 2)
            if index.isdigit() and int(index) < len(rows):
                field = getattr(form.parties[rows[int(index)]].form, name, None)
        elif key not in GROUPS:
            field = getattr(form, key, None)
        if field is None:
            groups.setdefault("parties" if key.startswith("parties") else key, []).extend(texts)
        elif not (keep_form_errors and field.errors):
            field.errors = [*field.errors, *texts]


@dataclass(frozen=True, slots=True)
class Meanwhile:
    """What someone else saved after this person opened the form."""

    who: tuple[str, ...]
    when: datetime | None
    lines: tuple[ChangeLine, ...]


def meanwhile(session: Session, error: ChangedMeanwhileError) -> Meanwhile:
    """The summary of a :class:`ChangedMeanwhileError`: who, when (the latest save), what."""
    saves = [
        entry
        for entry in agreement_history(session, error.agreement_id)
        if entry.version is not None and entry.version > error.loaded_version
    ]
    names = names_in(session, error.changes)
    lines = change_lines(error.changes, names, region_names(session))
    return Meanwhile(error.changed_by, saves[-1].at if saves else None, lines)
