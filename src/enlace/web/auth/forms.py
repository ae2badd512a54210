"""Forms of the sign-in, account and password-link pages (every message translatable)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from enlace.accounts.models import EMAIL_MAX, TOKEN_NAME_MAX
from enlace.accounts.passwords import MAX_LENGTH as PASSWORD_MAX
from enlace.accounts.tokens import LIFETIMES_DAYS
from enlace.web.common import max_length


class LoginForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter your e-mail address.")), max_length(EMAIL_MAX)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), max_length(PASSWORD_MAX)],
    )
    next = HiddenField(validators=[Optional(), max_length(500)])


class NewPasswordForm(FlaskForm):  # type: ignore[misc]
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), max_length(PASSWORD_MAX)],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), max_length(PASSWORD_MAX)],
    )


class EmptyForm(FlaskForm):  # type: ignore[misc]
    """Buttons with nothing to fill in (sign out): the CSRF token only."""


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc]
    """Several choices as a list of checkboxes (a fieldset in the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ApiTokenForm(FlaskForm):  # type: ignore[misc]
    """A new personal API token: a name to recognise it, its scopes, how long it lives."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Give the token a name.")), max_length(TOKEN_NAME_MAX)],
    )
    scopes = MultiCheckboxField(
        _l("What it may do"),
        choices=[],
        validators=[DataRequired(_l("Choose at least one use."))],
    )
    days = SelectField(
        _l("Valid for"),
        coerce=int,
        choices=[SelectChoice(d, _l("%(days)d days", days=d)) for d in LIFETIMES_DAYS],
        default=90,
    )
