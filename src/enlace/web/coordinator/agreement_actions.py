"""Suspend, reactivate, end and renew an agreement: each a page that asks for confirmation
(and a reason for the history), then a POST that carries the version the person saw.

An action the agreement's status does not allow answers 409 with the reason; someone
else's save in between answers 409 with what they changed and the new version, so
confirming again works.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from enlace.accounts.audit import AuditAction
from enlace.accounts.policy import Permission
from enlace.db import get_session
from enlace.network.agreements import (
    StatusAction,
    activate_agreement,
    end_agreement,
    may_change_status,
    suspend_agreement,
)
from enlace.network.errors import (
    AgreementForbiddenError,
    AgreementInvalidError,
    ChangedMeanwhileError,
)
from enlace.network.listing import AgreementView
from enlace.network.renewal import Renewal, renew_agreement
from enlace.network.vocab import AgreementStatus
from enlace.web.access import request_info, requires
from enlace.web.common import INVALID, page
from enlace.web.coordinator import agreement_pages as pages
from enlace.web.coordinator import blueprint
from enlace.web.coordinator.agreement_forms import RenewForm, StatusForm
from enlace.web.coordinator.agreement_pages import Meanwhile, editable_or_abort, meanwhile
from enlace.web.coordinator.agreements import AGREEMENT, CONFLICT


@dataclass(frozen=True, slots=True)
class Action:
    """One status action as its page presents it."""

    code: str  # the template's key, and the endpoint's name
    audit: AuditAction
    service: StatusAction
    title: LazyString
    explanation: LazyString
    button: LazyString
    done: LazyString
    destructive: bool = False


ACTIONS: dict[str, Action] = {
    "suspend": Action(
        "suspend",
        AuditAction.AGREEMENT_SUSPENDED,
        suspend_agreement,
        _l("Suspend the agreement"),
        _l(
            "A suspended agreement stays on record with its dates, but gives no priority "
            "until it is reactivated. Participants already referred keep their place."
        ),
        _l("Suspend"),
        _l("Agreement suspended."),
    ),
    "reactivate": Action(
        "reactivate",
        AuditAction.AGREEMENT_ACTIVATED,
        activate_agreement,
        _l("Put the agreement in force"),
        _l(
            "From now on the agreement gives priority between its dates, and staff of the "
            "benefiting centres see it in their network."
        ),
        _l("Put in force"),
        _l("Agreement in force."),
    ),
    "end": Action(
        "end",
        AuditAction.AGREEMENT_ENDED,
        end_agreement,
        _l("End the agreement early"),
        _l(
            "Ending is for good: the agreement stops giving priority today and cannot be "
            "reactivated or renewed. Its history is kept. If it will resume, suspend it instead."
        ),
        _l("End the agreement"),
        _l("Agreement ended."),
        destructive=True,
    ),
}


@dataclass
class ActionPage:
    """What an action's page shows besides the agreement."""

    refusal: str | None = None
    changed: Meanwhile | None = None
    messages: list[str] = field(default_factory=list)


def _action_page(
    template: str,
    view: AgreementView,
    form: StatusForm | RenewForm,
    status: int = 200,
    shown: ActionPage | None = None,
    **context: object,
) -> Response:
    return page(template, status, agreement=view, form=form, shown=shown or ActionPage(), **context)


def _status_action(slug: str, action: Action) -> ResponseReturnValue:
    session = get_session()
    user = pages.actor()
    view = editable_or_abort(session, user, slug, pages.today())
    template = "coordinator/agreement_action.html"
    if request.method == "GET":
        form = StatusForm(data={"version": str(view.version)})
        if not may_change_status(action.audit, view.status):
            shown = ActionPage(refusal=_refusal(action.code))
            return _action_page(template, view, form, CONFLICT, shown, action=action)
        return _action_page(template, view, form, action=action)
    form = StatusForm()
    if not form.validate():
        return _action_page(template, view, form, INVALID, action=action)
    try:
        action.service(
            session,
            user,
            view.id,
            version=int(form.version.data),
            today=pages.today(),
            reason=(form.reason.data or "").strip() or None,
            request_info=request_info(),
        )
    except ChangedMeanwhileError as error:
        session.rollback()
        form.version.data = str(error.current_version)
        shown = ActionPage(changed=meanwhile(session, error))
        return _action_page(template, view, form, CONFLICT, shown, action=action)
    except AgreementInvalidError as error:
        session.rollback()
        refusal = "; ".join(str(m) for messages in error.errors.values() for m in messages)
        return _action_page(template, view, form, CONFLICT, ActionPage(refusal), action=action)
    session.commit()
    flash(str(action.done), "success")
    return redirect(url_for("coordinator.agreement", slug=view.slug), 303)


def _refusal(code: str) -> str:
    refusals: dict[str, LazyString] = {
        "suspend": _l("Only an agreement in force can be suspended."),
        "reactivate": _l("Only a draft or a suspended agreement can be put in force."),
        "end": _l("This agreement has already ended."),
    }
    return str(refusals[code])


def _endpoint(code: str) -> Callable[[str], ResponseReturnValue]:
    def view(slug: str) -> ResponseReturnValue:
        return _status_action(slug, ACTIONS[code])

    view.__name__ = code
    view.__doc__ = f"Confirm, then {code} the agreement."
    return view


for _code, _path in (("suspend", "suspender"), ("reactivate", "reactivar"), ("end", "terminar")):
    blueprint.route(f"{AGREEMENT}/{_path}", methods=["GET", "POST"], endpoint=_code)(
        requires(Permission.NETWORK_MANAGE)(_endpoint(_code))
    )


def _renewal(form: RenewForm) -> Renewal:
    return Renewal(
        valid_from=form.valid_from.value,
        valid_to=form.valid_to.value,
        signed_on=form.signed_on.value,
        document_url=(form.document_url.data or "").strip() or None,
        quota=form.quota.value,
        quota_period=form.quota_period.data or None,
    )


def _renew_defaults(view: AgreementView) -> dict[str, object]:
    """The next period starts the day after this one ends, with the same quota."""
    start = view.valid_to + timedelta(days=1) if view.valid_to else None
    return {
        "version": str(view.version),
        "valid_from": start,
        "quota": "" if view.quota is None else str(view.quota),
        "quota_period": view.quota_period or "",
    }


_NOT_RENEWABLE = _l("Only an agreement in force or suspended, and not renewed yet, can be renewed.")


def _renewable(view: AgreementView) -> bool:
    running = (AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED)
    return view.status in running and view.renewed_by_id is None


@blueprint.route(AGREEMENT + "/renovar", methods=["GET", "POST"])
@requires(Permission.NETWORK_MANAGE)
def renew(slug: str) -> ResponseReturnValue:
    """A new validity period: a new agreement linked to this one, whose history stays."""
    session = get_session()
    user = pages.actor()
    view = editable_or_abort(session, user, slug, pages.today())
    template = "coordinator/agreement_renew.html"
    if request.method == "GET":
        form = RenewForm(data=_renew_defaults(view))
        if not _renewable(view):
            shown = ActionPage(refusal=str(_NOT_RENEWABLE))
            return _action_page(template, view, form, CONFLICT, shown)
        return _action_page(template, view, form)
    form = RenewForm()
    if not form.validate():
        return _action_page(template, view, form, INVALID)
    try:
        renewed = renew_agreement(
            session,
            user,
            view.id,
            _renewal(form),
            version=int(form.version.data),
            today=pages.today(),
            reason=(form.reason.data or "").strip() or None,
            request_info=request_info(),
        )
    except ChangedMeanwhileError as error:
        session.rollback()
        form.version.data = str(error.current_version)
        shown = ActionPage(changed=meanwhile(session, error))
        return _action_page(template, view, form, CONFLICT, shown)
    except AgreementInvalidError as error:
        session.rollback()
        shown = ActionPage()
        for name, messages in error.errors.items():
            target = getattr(form, name, None) if name not in ("version", "reason") else None
            texts = [str(m) for m in messages]
            if target is not None:
                target.errors = [*target.errors, *texts]
            else:
                shown.messages.extend(texts)
        return _action_page(template, view, form, INVALID, shown)
    except AgreementForbiddenError:
        session.rollback()
        abort(403)
    session.commit()
    flash(str(_l("Agreement renewed: this is the new period.")), "success")
    return redirect(url_for("coordinator.agreement", slug=renewed.slug), 303)
