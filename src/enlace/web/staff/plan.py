"""The individual intervention plan: goals per need domain (add, change, drop with a
reason), the referrals serving each, and the plan printed in the participant's language.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from enlace.accounts.policy import Permission
from enlace.casework import plan, scope
from enlace.casework.errors import InvalidError
from enlace.casework.plan import GoalDraft
from enlace.db import get_session
from enlace.i18n import _
from enlace.web.access import requires
from enlace.web.common import INVALID, page
from enlace.web.staff import blueprint
from enlace.web.staff.casework_common import info, me, shown, today
from enlace.web.staff.casework_forms import ConfirmForm, GoalForm, put_errors


def _draft(form: GoalForm) -> GoalDraft:
    return GoalDraft(
        domain=form.domain.data or "",
        text=form.text.data or "",
        target_date=form.target_date.value,
        status=form.status.data or "",
        dropped_reason=form.dropped_reason.data or None,
    )


def _plan_page(
    participant_id: str, form: GoalForm, status: int = 200, problems: list[str] | None = None
) -> ResponseReturnValue:
    session = get_session()
    participant = shown(participant_id, "plan")
    return page(
        "staff/casework/plan.html",
        status,
        participant=participant,
        goals=plan.goals(session, me(), participant.id),
        form=form,
        problems=problems or [],
        today=today(),
    )


@blueprint.route("/participantes/<participant_id>/plan", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def plan_page(participant_id: str) -> ResponseReturnValue:
    """The plan's goals, and a form to add one."""
    form = GoalForm()
    if request.method == "GET":
        return _plan_page(participant_id, form)
    if not form.validate():
        return _plan_page(participant_id, form, INVALID)
    session = get_session()
    try:
        plan.create_goal(session, me(), participant_id, _draft(form), info())
    except InvalidError as refused:
        session.rollback()
        problems = put_errors(form, refused.errors, {})
        return _plan_page(participant_id, form, INVALID, problems)
    session.commit()
    flash(_("Goal added to the plan."), "success")
    return redirect(url_for("staff.plan_page", participant_id=participant_id))


def _goal_page(
    goal_id: int, form: GoalForm, status: int = 200, problems: list[str] | None = None
) -> ResponseReturnValue:
    goal, found = scope.goal(get_session(), me(), goal_id)
    participant = shown(found.id, "goal")
    return page(
        "staff/casework/goal.html",
        status,
        goal=goal,
        participant=participant,
        form=form,
        problems=problems or [],
    )


@blueprint.route("/objetivos/<int:goal_id>", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def edit_goal(goal_id: int) -> ResponseReturnValue:
    session = get_session()
    goal, participant = scope.goal(session, me(), goal_id)
    if request.method == "GET":
        form = GoalForm(obj=goal)
        form.target_date.data = goal.target_date.isoformat() if goal.target_date else ""
        return _goal_page(goal_id, form)
    form = GoalForm()
    if not form.validate():
        return _goal_page(goal_id, form, INVALID)
    try:
        plan.update_goal(session, me(), goal_id, _draft(form), info())
    except InvalidError as refused:
        session.rollback()
        problems = put_errors(form, refused.errors, {})
        return _goal_page(goal_id, form, INVALID, problems)
    session.commit()
    flash(_("Goal changed."), "success")
    return redirect(url_for("staff.plan_page", participant_id=participant.id))


@blueprint.post("/objetivos/<int:goal_id>/quitar")
@requires(Permission.CASEWORK)
def remove_goal(goal_id: int) -> ResponseReturnValue:
    """Remove a goal entered by mistake (a goal given up is "dropped", with its reason)."""
    session = get_session()
    _goal, participant = scope.goal(session, me(), goal_id)
    if ConfirmForm().validate():
        plan.delete_goal(session, me(), goal_id, info())
        session.commit()
        flash(_("Goal removed from the plan."), "success")
    return redirect(url_for("staff.plan_page", participant_id=participant.id))


@blueprint.get("/participantes/<participant_id>/plan/imprimir")
@requires(Permission.CASEWORK)
def plan_print(participant_id: str) -> ResponseReturnValue:
    """The plan for the person, in their language (audited as a print)."""
    session = get_session()
    printed = plan.plan_print(session, me(), participant_id, info())
    session.commit()
    language = printed.language if printed.language in ("es", "en") else "es"
    with force_locale(language):
        return page("staff/casework/plan_print.html", plan=printed, lang=language)
