"""Form and view helpers every audience shares (one place, so no blueprint imports another).

Every text field has a maximum length and every choice is checked against its list, so
bad input comes back as a message next to the field, never as a server error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from enlace.accounts.errors import AccountError
from enlace.catalogue.lookup import reference_data
from enlace.catalogue.vocab import LANGUAGES
from enlace.db import get_session

#: The status of a form that was understood but not accepted.
INVALID = 422
_TOO_LONG = _l("Use at most %(max)d characters.")


def max_length(maximum: int) -> Length:
    return Length(max=maximum, message=_TOO_LONG)


def choice_field(label: Any, choices: Any = (), default: str | None = None) -> Any:
    """A select whose "not in the list" message is translated like the rest."""
    return SelectField(
        label,
        choices=choices,
        default=default,
        invalid_choice_message=_l("Choose one of the options in the list."),
    )


def options(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def add_error(form: FlaskForm, error: AccountError) -> list[str]:
    """Put a service's refusal next to its field; returns form-level messages."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        return [str(error.message)]
    field.errors = [*field.errors, str(error.message)]
    return []


def page(template: str, status: int = 200, **context: Any) -> Response:
    """A rendered page with a status other views may need (422 for refused forms)."""
    return Response(render_template(template, **context), status=status, mimetype="text/html")


def register_layout_context(app: Flask) -> None:
    """What ``base.html`` needs on every page, whichever audience renders it."""

    @app.context_processor
    def _layout_context() -> dict[str, Any]:
        return {
            "current_language": str(get_locale() or "es"),
            "languages": LANGUAGES,
            "demo_catalogue": reference_data(get_session()).demo,
        }
