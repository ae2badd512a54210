"""A participant's assessment (the matching pages' form, stored this time), the matches of
the latest assessment, and the decision on one match: refer (a draft referral keeping a
snapshot of what was seen) or set aside with a reason (recorded too).

The snapshot is never taken from the browser: the match is computed again from the
stored assessment and the offer is found in it.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from enlace.accounts import service as accounts
from enlace.accounts.policy import Permission
from enlace.casework import assessments, referrals, scope
from enlace.casework.errors import InvalidError
from enlace.casework.profiles import to_dict
from enlace.casework.referrals import ReferralDraft
from enlace.casework.snapshots import snapshot
from enlace.casework.vocab import Decision, ReferralOrigin
from enlace.db import get_session
from enlace.i18n import _
from enlace.matching.instrument import INSTRUMENT_VERSION, SISTRAT_VERSION, from_sistrat
from enlace.web import match_labels
from enlace.web.access import requires
from enlace.web.common import INVALID, page
from enlace.web.match_view import MatchOutcome, MatchRequest, run_match
from enlace.web.staff import blueprint
from enlace.web.staff.assessment import assessment_page, levels_of, new_form, places
from enlace.web.staff.assessment_form import CAPITALS, AssessmentForm, capitals, profile_data
from enlace.web.staff.casework_common import info, me, shown, today
from enlace.web.staff.casework_forms import DecisionForm, put_errors

MAX_RESULTS = 20


def _form_page(
    participant_id: str,
    status: int = 200,
    *,
    form: AssessmentForm,
    started_from_sistrat: bool = False,
    **context: object,
) -> ResponseReturnValue:
    participant = shown(participant_id, "assessment")
    url = url_for("staff.participant_assessment", participant_id=participant.id)
    return assessment_page(
        form,
        status,
        started_from_sistrat,
        participant=participant,
        submit_url=url,
        sistrat_url=url,
        **context,
    )


@blueprint.route("/participantes/<participant_id>/evaluacion", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def participant_assessment(participant_id: str) -> ResponseReturnValue:
    """The assessment form for this participant; saving adds a dated assessment."""
    known = places()
    form = new_form(known)
    if request.method == "GET":
        return _form_page(participant_id, form=form)
    valid = form.validate()
    if not (form.check_places(known) and valid):
        return _form_page(participant_id, INVALID, form=form)
    given = capitals(form)
    if request.form.get("action") == "sistrat":
        started = _start_from_sistrat(form, given)
        return _form_page(
            participant_id,
            200 if started else INVALID,
            form=form,
            started_from_sistrat=started,
        )
    profile = profile_data(form, levels_of(form), today())
    profile["attributes"].pop("age", None)  # the participant's age is their year of birth's
    session = get_session()
    try:
        assessments.record(
            session,
            me(),
            participant_id,
            profile,
            instrument="sistrat" if any(given.values()) else "enlace",
            rule_version=SISTRAT_VERSION if any(given.values()) else INSTRUMENT_VERSION,
            request_info=info(),
        )
    except InvalidError as refused:
        session.rollback()
        problems = put_errors(form, refused.errors, {})
        return _form_page(participant_id, INVALID, form=form, form_errors=problems)
    session.commit()
    flash(_("Assessment saved. These are the offers that fit it."), "success")
    return redirect(url_for("staff.participant_matches", participant_id=participant_id))


def _start_from_sistrat(form: AssessmentForm, given: dict[str, str | None]) -> bool:
    """Fill a starting level per domain from SISTRAT's capitals (False: none given)."""
    if not any(given.values()):
        form[f"capital_{CAPITALS[0]}"].errors = [str(match_labels.CHOOSE_A_CAPITAL)]
        return False
    for domain, level in from_sistrat(given).items():
        form.set_level(domain, level.value)
    return True


def _match(participant_id: str) -> MatchOutcome:
    session = get_session()
    user = me()
    profile = assessments.profile_for_matching(session, user, participant_id, today())
    centre = accounts.user_centre(session, user)
    return run_match(
        session,
        MatchRequest(
            to_dict(profile),
            centre_id=centre.id if centre is not None else None,
            on=today(),
            limit=MAX_RESULTS,
        ),
        places(),
    )


@blueprint.get("/participantes/<participant_id>/ofertas")
@requires(Permission.CASEWORK)
def participant_matches(participant_id: str) -> ResponseReturnValue:
    """The offers that fit the latest assessment, each with Refer and Set aside."""
    session = get_session()
    participant = shown(participant_id, "matches")
    latest = assessments.latest_of(session, participant.id)
    outcome = _match(participant_id) if latest is not None else None
    return page(
        "staff/casework/matches.html",
        participant=participant,
        latest=latest,
        view=outcome.view if outcome is not None else None,
        decision_form=DecisionForm(),
    )


@blueprint.post("/participantes/<participant_id>/decision")
@requires(Permission.CASEWORK)
def match_decision(participant_id: str) -> ResponseReturnValue:
    form = DecisionForm()
    session = get_session()
    participant = scope.participant(session, me(), participant_id)
    back = url_for("staff.participant_matches", participant_id=participant.id)
    decision = form.decision.data if form.decision.data in {d.value for d in Decision} else ""
    if not form.validate() or not decision or not form.offer.data:
        flash(_("Choose an offer and what to do with it."), "error")
        return redirect(back)
    outcome = _match(participant.id)
    found = outcome.matches
    result = next(
        (r for r in (found.results if found else []) if r.offer.slug == form.offer.data), None
    )
    if found is None or result is None:
        flash(_("This offer is no longer among the suggestions. Refer from its page."), "error")
        return redirect(back)
    agreements = list(result.access.agreements) if result.access is not None else []
    draft = ReferralDraft(
        offer_id=result.offer.id,
        agreement_id=agreements[0] if agreements and decision == Decision.CHOSEN else None,
        origin=ReferralOrigin.MATCH.value,
        snapshot=snapshot(found, result),
        decision=decision,
        decision_reason=form.reason.data or None,
    )
    try:
        created = referrals.create(session, me(), participant.id, draft, info())
    except InvalidError as refused:
        session.rollback()
        for text in put_errors(form, refused.errors, {"decision_reason": "reason"}):
            flash(text, "error")
        for error in form.reason.errors:
            flash(_("Why it is set aside: %(error)s", error=error), "error")
        return redirect(back)
    session.commit()
    if decision == Decision.SET_ASIDE:
        flash(_("Set aside; the reason is kept with the participant's referrals."), "success")
        return redirect(back)
    flash(_("Draft referral made. Record the person's consent, then send it."), "success")
    return redirect(url_for("staff.referral", referral_id=created.id))
