"""The public self-check "¿Qué ayudas me sirven?": a visitor picks the areas where they
want help and a few facts, and sees the offers that fit, with why.

Answers come by POST only and go nowhere: no account, no session, no cookie, no
address parameters, nothing stored or logged (the audit log records signed-in actions
only, and the request log shows the path, never a form). The form carries no CSRF token
because a token needs a session cookie; a forged submission could only show someone
their own results, so there is nothing to protect.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import Field

from enlace.catalogue.lookup import reference_data
from enlace.catalogue.vocab import NeedDomain
from enlace.db import get_session
from enlace.i18n import _l
from enlace.web import labels
from enlace.web.common import INVALID, choice_field, options, page
from enlace.web.match_view import MatchRequest, run_match
from enlace.web.needs import (
    DOMAINS,
    CheckboxesField,
    Places,
    age_field,
    attribute_choices,
    boolean_value,
    check_commune_in_region,
    field_value,
    parse_age,
    set_place_choices,
)
from enlace.web.public import blueprint
from enlace.web.security import csrf

#: The situations the self-check asks about (a short list on purpose).
SITUATIONS = ("has_children", "employment_status", "housing_status", "has_identity_card")


class SelfCheckForm(FlaskForm):  # type: ignore[misc]
    class Meta:
        csrf = False  # no session, so no token: see the module's docstring

    areas = CheckboxesField(
        _l("Where would you like help?"),
        choices=lambda: options((d, labels.NEED_DOMAINS[NeedDomain(d)]) for d in DOMAINS),
        default=[],
    )
    age = age_field(_l("Your age"))
    region = choice_field(_l("Region where you live"), default="")
    commune = choice_field(_l("Commune where you live"), default="")
    has_children = choice_field(_l("Do you have children?"), attribute_choices("has_children"), "")
    employment_status = choice_field(
        _l("Your work situation"), attribute_choices("employment_status"), ""
    )
    housing_status = choice_field(_l("Where you live now"), attribute_choices("housing_status"), "")
    has_identity_card = choice_field(
        _l("Do you have a valid identity card?"), attribute_choices("has_identity_card"), ""
    )

    def validate_age(self, field: Field) -> None:
        parse_age(field.data)


def profile_data(form: SelfCheckForm) -> dict[str, Any]:
    """Chosen areas count as high, unmet need; the rest stays unknown."""
    attributes: dict[str, Any] = {
        "age": parse_age(form.age.data),
        "region": field_value(form.region),
        "commune": field_value(form.commune),
        "employment_status": field_value(form.employment_status),
        "housing_status": field_value(form.housing_status),
        "has_children": boolean_value(form.has_children.data),
        "has_identity_card": boolean_value(form.has_identity_card.data),
    }
    return {
        "needs": {d: "high" for d in form.areas.data or [] if d in DOMAINS},
        "attributes": {k: v for k, v in attributes.items() if v is not None},
    }


@blueprint.route("/que-ayudas-me-sirven", methods=["GET", "POST"])
def self_check() -> ResponseReturnValue:
    session = get_session()
    reference = reference_data(session)
    places = Places(reference.regions, reference.communes)
    form = SelfCheckForm(request.form if request.method == "POST" else None)
    set_place_choices(form, places)
    if request.method == "GET":
        return page("public/self_check.html", form=form, view=None)
    valid = form.validate()
    if not (check_commune_in_region(form, places) and valid):
        return page("public/self_check.html", INVALID, form=form, view=None)
    outcome = run_match(
        session, MatchRequest(profile_data(form), centre_id=None, on=date.today()), places
    )
    if outcome.errors:
        form.age.errors = [*form.age.errors, *outcome.errors.values()]
        return page("public/self_check.html", INVALID, form=form, view=None)
    return page("public/self_check.html", form=form, view=outcome.view)


csrf.exempt(self_check)  # see the module's docstring
