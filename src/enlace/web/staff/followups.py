"""A participant's follow-up outcomes (3, 6 and 12 months after the plan began, or as
``FOLLOW_UP_MONTHS`` says): when each is due, what was recorded, and the form to record
one. Bad input re-renders with the errors and what was typed; nothing is written.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from enlace.accounts.policy import Permission
from enlace.casework import followups
from enlace.casework.errors import InvalidError, NotInScopeError
from enlace.casework.followups import FollowUpDraft, months_setting
from enlace.casework.vocab import HousingOutcome, StudiesOutcome, WorkOutcome
from enlace.db import get_session
from enlace.matching.rules import SCHOOLING_ORDER
from enlace.web.access import request_info, requires, signed_in_user
from enlace.web.common import INVALID, choice_field, max_length, options, page
from enlace.web.evaluation_labels import HOUSING, STUDIES, WORK
from enlace.web.match_text import VALUE_LABELS
from enlace.web.staff import blueprint

_CHOOSE = _l("Choose one of the options.")


def _today() -> date:
    return date.today()


def _months() -> tuple[int, ...]:
    return months_setting(current_app.config.get("FOLLOW_UP_MONTHS"))


class FollowUpForm(FlaskForm):  # type: ignore[misc]
    due_months = choice_field(_l("Follow-up point"))
    on = StringField(_l("Date of the follow-up (YYYY-MM-DD)"), validators=[max_length(10)])
    work = RadioField(
        _l("Work"),
        choices=options((w.value, WORK[w]) for w in WorkOutcome),
        validators=[InputRequired(_CHOOSE)],
    )
    studies = RadioField(
        _l("Training or studies"),
        choices=options((s.value, STUDIES[s]) for s in StudiesOutcome),
        validators=[InputRequired(_CHOOSE)],
    )
    housing = RadioField(
        _l("Housing"),
        choices=options((h.value, HOUSING[h]) for h in HousingOutcome),
        validators=[InputRequired(_CHOOSE)],
    )
    schooling = choice_field(
        _l("Schooling level reached"),
        options(
            [("", _l("Not asked")), *((s, VALUE_LABELS["schooling"][s]) for s in SCHOOLING_ORDER)]
        ),
        "",
    )
    in_group = RadioField(
        _l("Takes part in a group or activity"),
        choices=options([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[InputRequired(_CHOOSE)],
    )
    justice = choice_field(
        _l("Justice situation"),
        options(
            [
                ("", _l("Not asked")),
                *((j, VALUE_LABELS["justice_status"][j]) for j in followups.JUSTICE_CODES),
            ]
        ),
        "",
    )

    def set_points(self, months: tuple[int, ...]) -> None:
        self.due_months.choices = [
            SelectChoice(str(m), _("%(months)d months after the plan began", months=m))
            for m in months
        ]

    def validate_on(self, field: StringField) -> None:
        try:
            date.fromisoformat((field.data or "").strip())
        except ValueError:
            raise ValidationError(str(_l("Enter a date as YYYY-MM-DD."))) from None

    def draft(self) -> FollowUpDraft:
        return FollowUpDraft(
            due_months=int(self.due_months.data),
            work=self.work.data or "",
            studies=self.studies.data or "",
            housing=self.housing.data or "",
            on=date.fromisoformat((self.on.data or "").strip()),
            schooling=self.schooling.data or None,
            in_group=self.in_group.data == "yes",
            justice=self.justice.data or None,
        )


_SERVICE_ERRORS = {
    "due_months": _l("Choose one of the follow-up points."),
    "on": _l("The follow-up date cannot be in the future."),
}


def _page(participant_id: str, form: FollowUpForm, status: int = 200) -> ResponseReturnValue:
    try:
        points = followups.points(get_session(), signed_in_user(), participant_id, _months())  # type: ignore[arg-type]
    except NotInScopeError:
        abort(404)
    return page(
        "staff/casework/follow_up.html",
        status,
        form=form,
        points=points,
        participant_id=participant_id,
        today=_today(),
    )


@blueprint.route("/participantes/<participant_id>/seguimiento", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def follow_up(participant_id: str) -> ResponseReturnValue:
    form = FollowUpForm()
    form.set_points(_months())
    if not form.is_submitted():
        if not form.on.data:
            form.on.data = _today().isoformat()
        return _page(participant_id, form)
    if not form.validate():
        return _page(participant_id, form, INVALID)
    session = get_session()
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    try:
        followups.record(
            session,
            user,
            participant_id,
            form.draft(),
            months=_months(),
            today=_today(),
            request_info=request_info(),
        )
    except NotInScopeError:
        session.rollback()
        abort(404)
    except InvalidError as error:
        session.rollback()
        for name, _problem in error.errors.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = [*field.errors, str(_SERVICE_ERRORS.get(name, _CHOOSE))]
        return _page(participant_id, form, INVALID)
    session.commit()
    flash(_("The follow-up is recorded."), "success")
    return redirect(url_for("staff.follow_up", participant_id=participant_id))
