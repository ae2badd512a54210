"""Forms of the admin pages: accounts, their filters, the audit log's filters.

Every text field has a maximum length and every choice is checked against its list,
so bad input comes back as a message next to the field, never as a server error.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from enlace.accounts.models import EMAIL_MAX, NAME_MAX, REASON_MAX
from enlace.accounts.policy import NATIONAL, Role
from enlace.web import labels
from enlace.web.common import choice_field, max_length, options


def role_choices() -> list[SelectChoice]:
    return options((role.value, labels.ROLES[role]) for role in Role)


class ReasonForm(FlaskForm):  # type: ignore[misc]
    """The small forms behind admin buttons: an optional reason for the audit log."""

    reason = TextAreaField(_l("Reason (for the audit log)"), validators=[max_length(REASON_MAX)])


class UserForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter an e-mail address.")), max_length(EMAIL_MAX)],
    )
    display_name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name.")), max_length(NAME_MAX)]
    )
    role = choice_field(_l("Role"), choices=role_choices)
    agency_id = choice_field(_l("Treatment centre (staff)"), default="")
    region_code = choice_field(_l("Network (coordinators)"), default="")
    reason = TextAreaField(_l("Reason (for the audit log)"), validators=[max_length(REASON_MAX)])

    def set_places(self, centres: list[tuple[str, str]], regions: list[tuple[str, str]]) -> None:
        """Each role's place; the empty choice is for the roles the field does not concern."""
        self.agency_id.choices = options([("", _l("No centre (only staff have one)")), *centres])
        self.region_code.choices = options(
            [
                ("", _l("No network (only coordinators have one)")),
                (NATIONAL, _l("National")),
                *regions,
            ]
        )

    def validate_region_code(self, field: SelectField) -> None:
        """A coordinator's network is chosen, never assumed (the service reads "" as national)."""
        if self.role.data == Role.COORDINATOR and not field.data:
            raise ValidationError(
                str(_l("Choose the region this coordinator works for, or national."))
            )


class UserFilterForm(Form):  # type: ignore[misc]
    """The admin user list's filters (query string, no CSRF needed for reading)."""

    q = StringField(_l("Name or e-mail contains"), validators=[max_length(100)])
    role = choice_field(_l("Role"), lambda: [SelectChoice("", _l("Any role")), *role_choices()], "")
    status = choice_field(
        _l("Status"),
        options([("", _l("Any")), ("active", _l("Active")), ("disabled", _l("Disabled"))]),
        "",
    )


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or not 1900 <= parsed.year <= 9000:
        raise ValidationError(str(_l("Enter a date as YYYY-MM-DD.")))
    return parsed


class AuditFilterForm(Form):  # type: ignore[misc]
    """The audit log's filters (query string)."""

    actor = StringField(_l("Who (e-mail contains)"), validators=[max_length(EMAIL_MAX)])
    action = choice_field(_l("Action"), default="")
    target_type = choice_field(_l("Record type"), default="")
    target_id = StringField(_l("Record id"), validators=[max_length(64)])
    since = StringField(_l("From (YYYY-MM-DD)"), validators=[max_length(10)])
    until = StringField(_l("To (YYYY-MM-DD, inclusive)"), validators=[max_length(10)])
    page = StringField(validators=[max_length(6)])

    def set_choices(self, actions: list[str], target_types: list[str]) -> None:
        action_names = ((a, labels.audit_action(a)) for a in actions)
        type_names = ((t, labels.record_type(t)) for t in target_types)
        self.action.choices = options([("", _l("Any action")), *action_names])
        self.target_type.choices = options([("", _l("Any type")), *type_names])

    def validate_since(self, field: StringField) -> None:
        _parse_date(field.data)

    def validate_until(self, field: StringField) -> None:
        _parse_date(field.data)

    def validate_page(self, field: StringField) -> None:
        if field.data and (not field.data.isdigit() or int(field.data) < 1):
            raise ValidationError(str(_l("The page must be a whole number from 1.")))

    def bounds(self, zone: tzinfo) -> tuple[datetime | None, datetime | None]:
        """The filter's days (in the reader's time zone) as a range; "to" is included."""
        since, until = _parse_date(self.since.data), _parse_date(self.until.data)
        start = datetime.combine(since, time.min, zone) if since else None
        end = datetime.combine(until + timedelta(days=1), time.min, zone) if until else None
        return start, end

    def page_number(self) -> int:
        return int(self.page.data) if self.page.data and self.page.data.isdigit() else 1
