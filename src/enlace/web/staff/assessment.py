"""The staff assessment, its ranked results and the participant's options sheet.

Nothing is stored yet (the casework issue saves assessments): the profile travels in the
form, and the results page sends it back in hidden fields when the worker filters or
edits. The sheet receives only the chosen offers and a language, never the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from enlace.accounts import service as accounts
from enlace.accounts.policy import Permission
from enlace.catalogue import read
from enlace.catalogue.lookup import reference_data
from enlace.catalogue.vocab import LANGUAGES
from enlace.db import get_session
from enlace.matching.instrument import QUESTIONS, from_sistrat, score_answers
from enlace.web import match_labels, match_text
from enlace.web.access import requires, signed_in_user
from enlace.web.common import INVALID, page
from enlace.web.match_view import MatchRequest, ResultsFilterForm, run_match
from enlace.web.needs import DOMAINS, Places
from enlace.web.staff import blueprint
from enlace.web.staff.assessment_form import (
    CAPITALS,
    AssessmentForm,
    answers,
    capitals,
    profile_data,
    question_field,
)
from enlace.web.staff.sheet import MAX_SHEET, sheet_offers


def _today() -> date:
    return date.today()


def _places() -> Places:
    reference = reference_data(get_session())
    return Places(reference.regions, reference.communes)


def _form(places: Places) -> AssessmentForm:
    form = AssessmentForm()
    form.set_places(places)
    return form


def _assessment_page(
    form: AssessmentForm, status: int = 200, started_from_sistrat: bool = False
) -> ResponseReturnValue:
    answered = {
        d: sum(1 for q in QUESTIONS if q.domain == d and form[question_field(q)].data)
        for d in DOMAINS
    }
    return page(
        "staff/assessment.html",
        status,
        form=form,
        domains=DOMAINS,
        capitals=CAPITALS,
        questions=_question_view(form),
        answered={d: n for d, n in answered.items() if n},
        started_from_sistrat=started_from_sistrat,
    )


@dataclass(frozen=True)
class QuestionView:
    field: str
    text: str
    anchors: list[tuple[str, str]]


def _question_view(form: AssessmentForm) -> dict[str, list[QuestionView]]:
    """The instrument's questions per domain, with their field and anchors, for the page."""
    by_domain: dict[str, list[QuestionView]] = {d: [] for d in DOMAINS}
    for question in QUESTIONS:
        field = form[question_field(question)]
        anchors = [(str(c.value), str(c.label)) for c in field.choices]
        by_domain[question.domain].append(
            QuestionView(field.name, str(match_text.QUESTIONS[question.id]), anchors)
        )
    return by_domain


@blueprint.route("/evaluacion", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def assessment() -> ResponseReturnValue:
    """The form: empty (GET), or sent back filled (from the results page, or after the
    SISTRAT shortcut, which sets a starting level for each domain)."""
    form = _form(_places())
    if request.method == "GET":
        return _assessment_page(form)
    if not form.validate():
        return _assessment_page(form, INVALID)
    if request.form.get("action") == "sistrat":
        given = capitals(form)
        if not any(given.values()):
            form[f"capital_{CAPITALS[0]}"].errors = [str(match_labels.CHOOSE_A_CAPITAL)]
            return _assessment_page(form, INVALID)
        for domain, level in from_sistrat(given).items():
            form.set_level(domain, level.value)
        return _assessment_page(form, started_from_sistrat=True)
    return _assessment_page(form)


def _levels(form: AssessmentForm) -> dict[str, str]:
    """Each domain's level: the one chosen, else the instrument's answers, else unknown."""
    scored = score_answers(answers(form))
    return {
        d: form.level_of(d) if form.level_of(d) != "unknown" else scored[d].value for d in DOMAINS
    }


@blueprint.post("/evaluacion/resultados")
@requires(Permission.CASEWORK)
def assessment_results() -> ResponseReturnValue:
    places = _places()
    form = _form(places)
    valid = form.validate()
    if not (form.check_places(places) and valid):
        return _assessment_page(form, INVALID)
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    session = get_session()
    centre = accounts.user_centre(session, user)
    filters = ResultsFilterForm(request.form, meta={"csrf": False})
    filters.set_domains()
    levels = _levels(form)
    today = _today()
    outcome = run_match(
        session,
        MatchRequest(
            profile_data(form, levels, today),
            centre_id=centre.id if centre is not None else None,
            on=today,
            filters=filters.selected() if filters.validate() else None,
        ),
        places,
    )
    if outcome.errors:  # the engine refused a value the form let through: show it there
        for name, message in outcome.errors.items():
            target = form._fields.get(name, form.age)
            target.errors = [*target.errors, message]
        return _assessment_page(form, INVALID)
    return render_template(
        "staff/results.html",
        form=form,
        filters=filters,
        levels=levels,
        centre=centre,
        view=outcome.view,
        languages=LANGUAGES,
    )


@blueprint.post("/evaluacion/hoja")
@requires(Permission.CASEWORK)
def options_sheet() -> ResponseReturnValue:
    """The chosen offers to print, in the participant's language (the whole page)."""
    slugs = list(dict.fromkeys(s for s in request.form.getlist("offer") if 0 < len(s) <= 160))
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        language = str(LANGUAGES[0])
    left_out = max(len(slugs) - MAX_SHEET, 0)  # said on screen: a sheet holds MAX_SHEET
    slugs = slugs[:MAX_SHEET]
    session = get_session()
    offers = read.offers_by_slugs(session, slugs)
    reference = reference_data(session)
    today = _today()
    with force_locale(language):
        return render_template(
            "staff/sheet.html",
            entries=sheet_offers(offers, reference.communes, today),
            today=today,
            sheet_language=language,
            left_out=left_out,
            max_sheet=MAX_SHEET,
        )
