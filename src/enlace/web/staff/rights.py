"""Transfer to another centre (with the person's consent), the rights of the person (export
as JSON, deletion on request with a confirmation step), and the accounting of disclosures.
"""

from __future__ import annotations

import json

from flask import Response, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from enlace.accounts.policy import Permission
from enlace.casework import consent, disclosures, participants, privacy, scope
from enlace.casework.consent import ConsentDraft
from enlace.casework.errors import ConsentRequiredError, InvalidError
from enlace.casework.pages_support import agency_names, transfer_centres, transfer_consents
from enlace.casework.vocab import ConsentPurpose
from enlace.db import get_session
from enlace.i18n import _
from enlace.web.access import requires
from enlace.web.casework_labels import CONSENT_PROBLEMS, from_table
from enlace.web.common import INVALID, options, page
from enlace.web.staff import blueprint
from enlace.web.staff.casework_common import info, me, shown, today
from enlace.web.staff.casework_forms import (
    ConfirmForm,
    ConsentForm,
    DeleteForm,
    TransferForm,
    put_errors,
)


def _transfer_page(
    participant_id: str,
    consent_form: ConsentForm | None = None,
    transfer_form: TransferForm | None = None,
    status: int = 200,
    problems: list[str] | None = None,
) -> ResponseReturnValue:
    session = get_session()
    participant = shown(participant_id, "transfer")
    centres = transfer_centres(session, me())
    valid = transfer_consents(session, me(), participant.id)
    names = agency_names(session, [c.recipient_agency_id for c in valid])
    form = consent_form or ConsentForm(formdata=None)
    if consent_form is None:
        form.start(today())
    form.recipient.choices = options(
        [("", _("Choose a centre…"))] + [(c.id, c.name_es) for c in centres]
    )
    chosen = transfer_form or TransferForm(formdata=None)
    chosen.consent.choices = options(
        (str(c.id), names.get(c.recipient_agency_id, "")) for c in valid
    )
    return page(
        "staff/casework/transfer.html",
        status,
        participant=participant,
        consent_form=form,
        transfer_form=chosen,
        consents=valid,
        problems=problems or [],
    )


@blueprint.get("/participantes/<participant_id>/traslado")
@requires(Permission.CASEWORK)
def transfer(participant_id: str) -> ResponseReturnValue:
    return _transfer_page(participant_id)


@blueprint.post("/participantes/<participant_id>/traslado/consentimiento")
@requires(Permission.CASEWORK)
def transfer_consent(participant_id: str) -> ResponseReturnValue:
    """Record the person's consent to move to a named centre."""
    session = get_session()
    participant = scope.participant(session, me(), participant_id)
    form = ConsentForm()
    form.recipient.choices = options(
        [("", "")] + [(c.id, c.name_es) for c in transfer_centres(session, me())]
    )
    valid = form.validate()
    if not form.recipient.data:
        form.recipient.errors = [*form.recipient.errors, _("Choose the receiving centre.")]
    for field in (form.given_on, form.expires_on):
        if field.value is None and not field.errors:
            field.errors = [_("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")]
    if not valid or form.recipient.errors or form.given_on.errors or form.expires_on.errors:
        return _transfer_page(participant.id, consent_form=form, status=INVALID)
    draft = ConsentDraft(
        recipient_agency_id=form.recipient.data,
        categories=list(form.categories.data or []),
        given_on=form.given_on.value or today(),
        expires_on=form.expires_on.value or today(),
        method=form.method.data or "",
        purpose=ConsentPurpose.TRANSFER.value,
        purpose_text=form.purpose_text.data or None,
        sensitive_confirmed=bool(form.sensitive_confirmed.data),
    )
    try:
        consent.record(session, me(), participant.id, draft, info())
    except InvalidError as refused:
        session.rollback()
        problems = put_errors(form, refused.errors, {"recipient_agency_id": "recipient"})
        return _transfer_page(participant.id, consent_form=form, status=INVALID, problems=problems)
    session.commit()
    flash(_("Transfer consent recorded."), "success")
    return redirect(url_for("staff.transfer", participant_id=participant.id))


@blueprint.post("/participantes/<participant_id>/traslado")
@requires(Permission.CASEWORK)
def transfer_now(participant_id: str) -> ResponseReturnValue:
    """Move the participant: from this moment only the receiving centre sees them."""
    session = get_session()
    participant = scope.participant(session, me(), participant_id)
    form = TransferForm()
    valid = transfer_consents(session, me(), participant.id)
    form.consent.choices = options((str(c.id), str(c.id)) for c in valid)
    if not form.validate() or not form.consent.data:
        if not form.consent.errors:
            form.consent.errors = [_("Record the person's transfer consent first.")]
        return _transfer_page(participant.id, transfer_form=form, status=INVALID)
    try:
        participants.transfer(session, me(), participant.id, int(form.consent.data), info())
    except (InvalidError, ConsentRequiredError) as refused:
        session.rollback()
        if isinstance(refused, ConsentRequiredError):
            form.consent.errors = [from_table(CONSENT_PROBLEMS, refused.problem)]
        else:
            form.consent.errors = put_errors(form, refused.errors, {})
        return _transfer_page(participant.id, transfer_form=form, status=INVALID)
    session.commit()
    flash(_("Participant transferred. Your centre no longer has access to the record."), "success")
    return redirect(url_for("staff.caseload_page"))


@blueprint.post("/participantes/<participant_id>/exportar")
@requires(Permission.CASEWORK)
def export_participant(participant_id: str) -> ResponseReturnValue:
    """Everything held about the participant, as JSON, for the person (a disclosure)."""
    session = get_session()
    scope.participant(session, me(), participant_id)
    form = ConfirmForm()
    if not form.validate():
        return redirect(url_for("staff.participant", participant_id=participant_id))
    data = privacy.export(session, me(), participant_id, info())
    session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    code = data["participant"].get("code", "participante")
    return Response(
        body,
        content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="enlace-{code}.json"'},
    )


def _delete_page(participant_id: str, form: DeleteForm, status: int = 200) -> ResponseReturnValue:
    participant = shown(participant_id, "delete")
    return page("staff/casework/delete.html", status, participant=participant, form=form)


@blueprint.route("/participantes/<participant_id>/eliminar", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def delete_participant(participant_id: str) -> ResponseReturnValue:
    """Delete on the person's request, after a confirmation; only audit entries remain."""
    form = DeleteForm()
    if request.method == "GET":
        return _delete_page(participant_id, form)
    if not form.validate():
        return _delete_page(participant_id, form, INVALID)
    session = get_session()
    privacy.delete_on_request(session, me(), participant_id, form.reason.data or None, info())
    session.commit()
    flash(
        _("The participant's data was deleted. Only the audit log keeps that it happened."),
        "success",
    )
    return redirect(url_for("staff.caseload_page"))


@blueprint.get("/participantes/<participant_id>/comunicaciones")
@requires(Permission.CASEWORK)
def disclosures_page(participant_id: str) -> ResponseReturnValue:
    """The accounting of disclosures: every time the participant's data left the centre."""
    session = get_session()
    participant = scope.participant(session, me(), participant_id)
    lines = disclosures.accounting(session, me(), participant.id, info())
    session.commit()
    return page("staff/casework/disclosures.html", participant=participant, lines=lines)
