"""The network pages' filters (query string, no CSRF needed for reading).

Field names are the Spanish query parameters (``?region=7&dominio=housing&fecha=...``).
Every choice is checked against its list and dates are parsed here, so bad input comes
back as a message next to its field, never as a server error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Form, HiddenField, StringField, ValidationError
from wtforms.widgets import DateInput, NumberInput

from enlace.catalogue.vocab import NeedDomain, Sector
from enlace.network.explore import NETWORK
from enlace.network.plain import AgreementState
from enlace.web import labels
from enlace.web.common import choice_field, max_length, options

#: Longest "expiring within" the watch list accepts, in days.
MAX_DAYS = 3650


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD date, None when empty; a translated error otherwise."""
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or not 1900 <= parsed.year <= 9000:
        raise ValidationError(str(_l("Enter a date as YYYY-MM-DD.")))
    return parsed


def region_choices(regions: list[tuple[str, str]], empty: Any = None) -> list[Any]:
    """Regions a coordinator may look at, after an "empty" choice when one is given
    (national coordinators: "choose a region" or "whole country")."""
    first = [("", empty)] if empty is not None else []
    return options([*first, *regions])


class DayForm(Form):  # type: ignore[misc]
    """The "as of" day every network page takes (today when empty)."""

    fecha = StringField(_l("As of"), validators=[max_length(10)], widget=DateInput())

    def validate_fecha(self, field: StringField) -> None:
        parse_day(field.data)

    def day(self, today: date) -> date:
        return parse_day(self.fecha.data) or today


class NetworkFilterForm(DayForm):
    """The network view's filters: a region (or one agency's neighbourhood) first."""

    region = choice_field(_l("Region"), default="")
    dominio = choice_field(
        _l("Need"),
        lambda: options(
            [("", _l("Any need")), *((d.value, labels.NEED_DOMAINS[d]) for d in NeedDomain)]
        ),
        "",
    )
    sector = choice_field(
        _l("Sector"),
        lambda: options(
            [
                ("", _l("Any sector")),
                *((s.value, labels.SECTORS[s]) for s in Sector),
                (NETWORK, labels.NODE_CATEGORIES[NETWORK]),
            ]
        ),
        "",
    )
    estado = choice_field(
        _l("Agreement status"),
        lambda: options(
            [
                ("", _l("Any status")),
                *((s.value, labels.AGREEMENT_STATES[s]) for s in AgreementState),
            ]
        ),
        "",
    )
    agencia = HiddenField(validators=[max_length(200)])


class CoverageForm(DayForm):
    """The coverage page: which count the heatmap shows, and the region for coordinators
    who see several."""

    medida = choice_field(
        _l("Show"),
        lambda: options(
            [
                ("ofertas", _l("Offers available")),
                ("prioridad", _l("Offers with priority access")),
                ("necesidades", _l("Participants with an unmet high need")),
            ]
        ),
        "ofertas",
    )
    region = choice_field(_l("Region"), default="")


class WatchForm(DayForm):
    """The watch list: how far ahead "expiring" looks, and the region."""

    dias = StringField(
        _l("Ending within (days)"),
        validators=[max_length(5)],
        widget=NumberInput(min=1, max=MAX_DAYS),
    )
    region = choice_field(_l("Region"), default="")

    def validate_dias(self, field: StringField) -> None:
        if field.data and (not field.data.isdigit() or not 1 <= int(field.data) <= MAX_DAYS):
            raise ValidationError(
                str(_l("Enter a whole number of days from 1 to %(max)d.", max=MAX_DAYS))
            )

    def days(self, default: int) -> int:
        return int(self.dias.data) if self.dias.data and self.dias.data.isdigit() else default
