"""The caseload, a new participant, and the participant's page (overview, assessment
history with a chart per domain, plan, referrals, consents).

Every read of participant data goes through the casework services, which check the
centre's scope and write the audit entry; the view commits that entry.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from enlace.accounts.policy import Permission
from enlace.casework import assessments, caseload, overview, participants
from enlace.casework.caseload import Section
from enlace.casework.errors import InvalidError
from enlace.casework.pages_support import agency_names
from enlace.casework.participants import ParticipantDraft
from enlace.catalogue.vocab import NeedDomain
from enlace.db import get_session
from enlace.i18n import _
from enlace.web.access import requires
from enlace.web.common import INVALID, page
from enlace.web.staff import blueprint
from enlace.web.staff.assessment import places
from enlace.web.staff.casework_common import info, me, today, unanswered_days
from enlace.web.staff.casework_forms import ParticipantForm, RevokeConsentForm, put_errors
from enlace.web.staff.chart import SCALE, domain_chart

SEARCH_MAX = 40
#: Rows per list on the caseload page, most urgent first (each list says how many it has
#: in all and links to itself whole, ``PAGE_ROWS`` at a time).
ROWS = 10
PAGE_ROWS = 50
#: ``?lista=`` of the caseload page -> the list it shows whole.
LISTS: dict[str, Section] = {
    "sin-respuesta": Section.UNANSWERED,
    "seguimientos": Section.FOLLOW_UPS,
    "resultados": Section.OUTCOMES,
    "objetivos": Section.GOALS,
    "abiertas": Section.OPEN,
    "participantes": Section.PARTICIPANTS,
}
SLUGS = {section: slug for slug, section in LISTS.items()}


def _page_number(raw: str | None) -> int:
    value = (raw or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) <= 100_000 else 1


def _one_list(slug: str) -> ResponseReturnValue:
    """One of the caseload's lists whole, ``PAGE_ROWS`` rows a page."""
    which = LISTS.get(slug)
    if which is None:
        abort(404)
    number = _page_number(request.args.get("pagina"))
    session = get_session()
    found = caseload.section(
        session,
        me(),
        which,
        offset=(number - 1) * PAGE_ROWS,
        limit=PAGE_ROWS,
        today=today(),
        unanswered_days=unanswered_days(),
        request_info=info(),
    )
    session.commit()
    pages = max(1, -(-found.total // PAGE_ROWS))
    return page(
        "staff/casework/caseload_list.html",
        found=found,
        slug=slug,
        number=number,
        pages=pages,
        days=unanswered_days(),
    )


@blueprint.get("/participantes")
@requires(Permission.CASEWORK)
def caseload_page() -> ResponseReturnValue:
    """My participants and what needs doing; a search by code or file number; with
    ``?lista=`` one of its lists whole."""
    if "lista" in request.args:
        return _one_list(request.args.get("lista", ""))
    session = get_session()
    wanted = (request.args.get("buscar") or "").strip()[:SEARCH_MAX]
    hits = participants.find(session, me(), wanted, info()) if wanted else None
    load = caseload.caseload(
        session,
        me(),
        today=today(),
        unanswered_days=unanswered_days(),
        limit=ROWS,
        request_info=info(),
    )
    session.commit()
    return page(
        "staff/casework/caseload.html",
        load=load,
        wanted=wanted,
        hits=hits,
        days=unanswered_days(),
        today=today(),
        slugs=SLUGS,
        sections=Section,
    )


def _new_page(
    form: ParticipantForm, status: int = 200, problems: list[str] | None = None
) -> ResponseReturnValue:
    return page("staff/casework/participant_new.html", status, form=form, problems=problems or [])


@blueprint.route("/participantes/nuevo", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def new_participant() -> ResponseReturnValue:
    known = places()
    form = ParticipantForm()
    form.set_places(known)
    if request.method == "GET":
        return _new_page(form)
    valid = form.validate()
    if not (form.check_places(known) and valid):
        return _new_page(form, INVALID)
    session = get_session()
    draft = ParticipantDraft(
        year_of_birth=form.year(),
        file_number=form.file_number.data or None,
        language=form.language.data,
        attributes=form.attributes(today()),
    )
    try:
        created = participants.create(session, me(), draft, info())
    except InvalidError as refused:
        session.rollback()
        problems = put_errors(form, refused.errors, {})
        return _new_page(form, INVALID, problems)
    session.commit()
    flash(_("Participant registered. Write the code down in the centre's file."), "success")
    return redirect(url_for("staff.participant", participant_id=created.id, nuevo=1))


@blueprint.get("/participantes/<participant_id>")
@requires(Permission.CASEWORK)
def participant(participant_id: str) -> ResponseReturnValue:
    session = get_session()
    view = overview.overview(
        session, me(), participant_id, unanswered_days=unanswered_days(), request_info=info()
    )
    history = assessments.history(session, me(), participant_id)
    series = assessments.level_series(history)
    charts = [
        domain_chart(d.value, [p.level for p in series[d.value]])
        for d in NeedDomain
        if any(p.level in SCALE for p in series[d.value])
    ]
    names = agency_names(session, [c.recipient_agency_id for c in view.consents])
    session.commit()
    return page(
        "staff/casework/participant.html",
        view=view,
        history=history,
        series=series,
        charts=charts,
        names=names,
        just_created=request.args.get("nuevo") == "1",
        revoke_form=RevokeConsentForm(),
        today=today(),
    )
