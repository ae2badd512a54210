"""The dashboard's filters (a GET form: the address is the report) and the snapshot form."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from enlace.evaluation.queries import Filters
from enlace.web.common import choice_field, max_length, options

#: The longest period one dashboard covers (a longer one is refused, not truncated).
MAX_DAYS = 3 * 366


def _parse(value: str | None) -> date | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or not 2000 <= parsed.year <= 2100:
        raise ValidationError(str(_l("Enter a date as YYYY-MM-DD.")))
    return parsed


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months, from the first day of the month eleven months ago."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), today


class EvaluationFilterForm(Form):  # type: ignore[misc]
    since = StringField(_l("From (YYYY-MM-DD)"), validators=[max_length(10)])
    until = StringField(_l("To (YYYY-MM-DD, inclusive)"), validators=[max_length(10)])
    region = choice_field(_l("Region"), default="")
    centre = choice_field(_l("Treatment centre"), default="")
    domain = choice_field(_l("Need domain"), default="")
    split = choice_field(_l("Outcomes by"), default="gender")

    def set_choices(
        self,
        regions: list[tuple[str, str]],
        centres: list[tuple[str, str]],
        domains: list[tuple[str, str]],
        splits: list[tuple[str, str]],
        national: bool,
    ) -> None:
        every = [SelectChoice("", _l("All regions"))] if national else []
        self.region.choices = every + options(regions)
        self.centre.choices = [SelectChoice("", _l("All centres")), *options(centres)]
        self.domain.choices = [SelectChoice("", _l("All domains")), *options(domains)]
        self.split.choices = options(splits)

    def validate_since(self, field: StringField) -> None:
        _parse(field.data)

    def validate_until(self, field: StringField) -> None:
        until = _parse(field.data)
        try:
            since = _parse(self.since.data)
        except ValidationError:
            return
        if since and until and until < since:
            raise ValidationError(str(_l("The end of the period must not be before its start.")))
        if since and until and (until - since).days > MAX_DAYS:
            raise ValidationError(str(_l("Choose a period of at most three years.")))

    def filters(self, today: date) -> Filters:
        """The filters asked for (call after :meth:`validate`); blanks take the defaults."""
        end = _parse(self.until.data) or today
        start = _parse(self.since.data) or default_period(end)[0]
        return Filters(
            start=min(start, end),
            end=end,
            region=self.region.data or None,
            centre=self.centre.data or None,
            domain=self.domain.data or None,
        )


class SnapshotForm(FlaskForm):  # type: ignore[misc]
    quarter = StringField(_l("Quarter (for example 2026-T3)"), validators=[max_length(7)])
