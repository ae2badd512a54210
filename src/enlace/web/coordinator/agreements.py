"""Agreements kept by coordinators: the list, one agreement with its history, create, edit.

Who reads and who changes which agreement is the policy's (``may_read_agreement``,
``may_edit_agreement``): an unknown slug answers 404, one out of scope 403. The forms
work without JavaScript: "Add another party" and "Show their offers" re-render the form
with what was typed. A save refused because someone else saved first ("changed
meanwhile") keeps this person's input, shows what the other person changed, and carries
the new version so saving again works. Status actions and renewal: ``agreement_actions``.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from enlace.accounts.audit import AuditAction
from enlace.accounts.models import User
from enlace.accounts.policy import Permission, allows, may_edit_agreement
from enlace.catalogue.lookup import reference_data
from enlace.db import get_session
from enlace.i18n import _
from enlace.network.agreements import create_agreement, edit_agreement, may_change_status
from enlace.network.choices import party_agencies
from enlace.network.errors import (
    AgreementForbiddenError,
    AgreementInvalidError,
    ChangedMeanwhileError,
)
from enlace.network.history import agreement_history, names_in
from enlace.network.listing import (
    NATIONAL_SCOPE,
    AgreementFilter,
    AgreementView,
    agreements_by_ids,
    list_agreements,
)
from enlace.network.validation import AgreementDraft
from enlace.network.writing import check_draft
from enlace.web.access import request_info, requires
from enlace.web.common import INVALID, options, page
from enlace.web.coordinator import agreement_pages as pages
from enlace.web.coordinator import blueprint
from enlace.web.coordinator.agreement_forms import AgreementForm, FilterForm, parse_int
from enlace.web.coordinator.agreement_pages import (
    Meanwhile,
    agency_name,
    draft_from,
    editable_or_abort,
    form_data,
    meanwhile,
    prepare,
    put_errors,
    read_or_abort,
    region_names,
)
from enlace.web.coordinator.agreement_text import history_rows

AGREEMENT = "/convenios/<slug>"
#: The answer to a save refused because someone else saved first.
CONFLICT = 409
#: Re-render the form without saving: add a blank party row, or list the granting
#: parties' offers.
UPDATES = frozenset({"add_party", "show_offers"})


def _filters(form: FilterForm) -> AgreementFilter:
    return AgreementFilter(
        region=form.region.data or None,
        kind=form.kind.data or None,
        status=form.status.data or None,
        domain=form.domain.data or None,
        party=form.party.data or None,
        expiring_within=parse_int(form.expiring.data),
        text=(form.q.data or "").strip() or None,
    )


@blueprint.get("/convenios")
@requires(Permission.NETWORK_REPORTS)
def agreements() -> ResponseReturnValue:
    """The agreements this person may read, filtered, one page at a time."""
    session = get_session()
    user = pages.actor()
    form = FilterForm(request.args)
    regions = [(r.code, r.name) for r in reference_data(session).regions]
    form.region.choices = options(
        [("", _l("Any region")), (NATIONAL_SCOPE, _l("National (no region)")), *regions]
    )
    parties = [(a.id, agency_name(a)) for a in party_agencies(session)]
    form.party.choices = options([("", _l("Any party")), *parties])
    context: dict[str, Any] = {
        "form": form,
        "regions": region_names(session),
        "may_create": allows(user, Permission.NETWORK_MANAGE),
        "today": pages.today(),
    }
    if not form.validate():
        return page("coordinator/agreements.html", 400, result=None, args={}, **context)
    result = list_agreements(
        session, user, _filters(form), on=pages.today(), page=form.page_number()
    )
    args = {k: v for k, v in request.args.items() if v and k != "page"}
    return page("coordinator/agreements.html", result=result, args=args, **context)


def _actions(user: User, view: AgreementView) -> dict[str, bool]:
    """The actions this person may take on this agreement now."""
    if not may_edit_agreement(user, view.region_code):
        return {}
    return {
        "edit": True,
        "suspend": may_change_status(AuditAction.AGREEMENT_SUSPENDED, view.status),
        "reactivate": may_change_status(AuditAction.AGREEMENT_ACTIVATED, view.status),
        "renew": view.status in ("active", "suspended") and view.renewed_by_id is None,
        "end": may_change_status(AuditAction.AGREEMENT_ENDED, view.status),
    }


@blueprint.get(AGREEMENT)
@requires(Permission.NETWORK_REPORTS)
def agreement(slug: str) -> ResponseReturnValue:
    """Every field of one agreement, its renewal chain and its history."""
    session = get_session()
    user = pages.actor()
    view = read_or_abort(session, user, slug, pages.today())
    history = agreement_history(session, view.id)
    changes = [c for entry in history for c in entry.changes]
    names = names_in(session, changes)
    linked = {view.renews_id, view.renewed_by_id, *(e.related_id for e in history)}
    related = agreements_by_ids(session, [i for i in linked if i], on=pages.today())
    regions = region_names(session)
    return page(
        "coordinator/agreement.html",
        agreement=view,
        regions=regions,
        history=history_rows(history, names, regions, related),
        renews=related.get(view.renews_id or ""),
        renewed_by=related.get(view.renewed_by_id or ""),
        actions=_actions(user, view),
        today=pages.today(),
    )


def _form_page(
    form: AgreementForm,
    status: int = 200,
    *,
    agreement: AgreementView | None = None,
    groups: dict[str, list[str]] | None = None,
    changed: Meanwhile | None = None,
) -> Response:
    return page(
        "coordinator/agreement_form.html",
        status,
        form=form,
        agreement=agreement,
        groups=groups or {},
        changed=changed,
    )


def _refused(form: AgreementForm, draft: AgreementDraft, rows: list[int]) -> dict[str, list[str]]:
    """Every message at once: the form's own, and the agreement rules' for the rest."""
    groups: dict[str, list[str]] = {}
    try:
        check_draft(get_session(), draft, pages.today())
    except AgreementInvalidError as error:
        put_errors(form, dict(error.errors), rows, groups, keep_form_errors=True)
    return groups


@blueprint.route("/convenios/nuevo", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def new_agreement() -> ResponseReturnValue:
    session = get_session()
    user = pages.actor()
    form = AgreementForm()
    action = request.form.get("action", "save")
    prepare(form, session, user, blank_rows=2 if action == "add_party" else 1)
    if request.method == "GET" or action in UPDATES:
        return _form_page(form)
    draft, rows = draft_from(form)
    if not form.validate():
        return _form_page(form, INVALID, groups=_refused(form, draft, rows))
    groups: dict[str, list[str]] = {}
    try:
        made = create_agreement(
            session,
            user,
            draft,
            today=pages.today(),
            status=form.status.data,
            reason=(form.reason.data or "").strip() or None,
            request_info=request_info(),
        )
    except AgreementInvalidError as error:
        session.rollback()
        put_errors(form, dict(error.errors), rows, groups)
        return _form_page(form, INVALID, groups=groups)
    except AgreementForbiddenError:
        session.rollback()
        form.region_code.errors = [_("You can only keep the agreements of your region.")]
        return _form_page(form, INVALID)
    session.commit()
    flash(_("Agreement saved."), "success")
    return redirect(url_for("coordinator.agreement", slug=made.slug), 303)


@blueprint.route(AGREEMENT + "/editar", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def edit(slug: str) -> ResponseReturnValue:
    session = get_session()
    user = pages.actor()
    view = editable_or_abort(session, user, slug, pages.today())
    action = request.form.get("action", "save")
    form = AgreementForm(data=form_data(view)) if request.method == "GET" else AgreementForm()
    form.editing = True
    prepare(form, session, user, blank_rows=2 if action == "add_party" else 1)
    if request.method == "GET" or action in UPDATES:
        return _form_page(form, agreement=view)
    draft, rows = draft_from(form)
    if not form.validate():
        return _form_page(form, INVALID, agreement=view, groups=_refused(form, draft, rows))
    groups: dict[str, list[str]] = {}
    try:
        saved = edit_agreement(
            session,
            user,
            view.id,
            draft,
            version=int(form.version.data),
            today=pages.today(),
            reason=(form.reason.data or "").strip() or None,
            request_info=request_info(),
        )
    except ChangedMeanwhileError as error:
        session.rollback()
        form.version.data = str(error.current_version)
        return _form_page(form, CONFLICT, agreement=view, changed=meanwhile(session, error))
    except AgreementInvalidError as error:
        session.rollback()
        put_errors(form, dict(error.errors), rows, groups)
        return _form_page(form, INVALID, agreement=view, groups=groups)
    except AgreementForbiddenError:
        session.rollback()
        form.region_code.errors = [_("You can only keep the agreements of your region.")]
        return _form_page(form, INVALID, agreement=view)
    session.commit()
    flash(_("Agreement saved."), "success")
    return redirect(url_for("coordinator.agreement", slug=saved.slug), 303)
