"""A needs profile in forms: the fields both the staff assessment and the public
self-check ask, and turning what was typed into the plain profile the engine reads.

Shared by two audiences (staff, public), so it lives beside ``labels`` and ``common``.
Every field is optional and "not known" is the default: an empty field is never read
as "no". Bad input (an age of "abc", a region not in the list) comes back as a message
next to its field, never as a server error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import LazyString
from wtforms import Field, Form, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from enlace.catalogue.places import Commune, Region
from enlace.catalogue.vocab import NeedDomain
from enlace.i18n import _l
from enlace.matching.profile import NeedLevel
from enlace.matching.rules import ATTRIBUTES
from enlace.web import match_labels, match_text
from enlace.web.common import max_length, options

#: The need domains in the order forms list them (DESIGN.md's order).
DOMAINS: tuple[str, ...] = tuple(d.value for d in NeedDomain)
#: Need levels a form offers ("unknown" first: the default).
LEVELS: tuple[str, ...] = ("unknown", "none", "low", "medium", "high")
#: Attributes that take yes / no (or stay unknown).
BOOLEAN_ATTRIBUTES = tuple(name for name, kind in ATTRIBUTES.items() if kind is bool)
#: Attributes chosen from a closed list of codes.
CHOICE_ATTRIBUTES = tuple(
    name for name, kind in ATTRIBUTES.items() if isinstance(kind, tuple) and name != "documents"
)
#: Registro Social de Hogares brackets (the most vulnerable X% of households).
RSH_BANDS: tuple[int, ...] = (40, 50, 60, 70, 80, 90, 100)
MAX_AGE = 120
MAX_CHILD_AGE = 30
UNKNOWN_CHOICE = _l("Not known")


class CheckboxesField(SelectMultipleField):  # type: ignore[misc]
    """Several choices as checkboxes (keyboard and screen-reader friendly, no JS)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def level_choices() -> list[SelectChoice]:
    return options((level, match_text.NEED_LEVELS[NeedLevel(level)]) for level in LEVELS)


def source_choices() -> list[SelectChoice]:
    return options((source.value, label) for source, label in match_text.SOURCES.items())


def attribute_choices(attribute: str) -> list[SelectChoice]:
    """ "Not known" and the attribute's values, labelled."""
    if attribute in BOOLEAN_ATTRIBUTES:
        pairs: Iterable[tuple[str, Any]] = match_labels.YES_NO.items()
    elif attribute == "rsh_band":
        pairs = ((str(band), _l("Up to %(band)s%%", band=band)) for band in RSH_BANDS)
    else:
        pairs = match_labels.ATTRIBUTE_VALUES[attribute].items()
    return options([("", UNKNOWN_CHOICE), *pairs])


def _whole_number(raw: str, low: int, high: int, message: LazyString) -> int:
    text = raw.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(str(message))
    return int(text)


def parse_age(raw: str | None) -> int | None:
    if not raw or not raw.strip():
        return None
    return _whole_number(
        raw,
        0,
        MAX_AGE,
        _l("Enter the age in years, a whole number from 0 to %(max)d.", max=MAX_AGE),
    )


def parse_year_of_birth(raw: str | None, today: date) -> int | None:
    """The age someone born that year has reached by the end of this year (a year of
    birth is what people remember; the engine compares ages)."""
    if not raw or not raw.strip():
        return None
    year = _whole_number(
        raw,
        today.year - MAX_AGE,
        today.year,
        _l(
            "Enter a year of birth such as 1990 (from %(low)d to %(high)d).",
            low=today.year - MAX_AGE,
            high=today.year,
        ),
    )
    return today.year - year


def parse_child_age(raw: str | None) -> int | None:
    if not raw or not raw.strip():
        return None
    return _whole_number(
        raw,
        0,
        MAX_CHILD_AGE,
        _l("Enter the child's age in years, a whole number from 0 to %(max)d.", max=MAX_CHILD_AGE),
    )


def age_field(label: LazyString) -> StringField:
    return StringField(label, validators=[max_length(3)])


def year_field(label: LazyString) -> StringField:
    return StringField(label, validators=[max_length(4)])


@dataclass(frozen=True)
class Places:
    """Regions and communes for the place selects (from the reference data)."""

    regions: tuple[Region, ...]
    communes: Mapping[str, Commune]

    def region_choices(self) -> list[SelectChoice]:
        return options([("", UNKNOWN_CHOICE), *((r.code, r.name) for r in self.regions)])

    def commune_choices(self) -> dict[str, list[tuple[str, str]]]:
        """Communes grouped by region (an optgroup each), north to south, by name."""
        names = {r.code: r.name for r in self.regions}
        grouped: dict[str, list[tuple[str, str]]] = {"": [("", str(UNKNOWN_CHOICE))]}
        for region in self.regions:
            grouped[names[region.code]] = []
        for commune in sorted(self.communes.values(), key=lambda c: c.name):
            region_name = names.get(commune.region_code)
            if region_name is not None:
                grouped[region_name].append((commune.code, commune.name))
        return grouped


def set_place_choices(form: Form, places: Places) -> None:
    """Fill the region and commune selects (they depend on the catalogue)."""
    form["region"].choices = places.region_choices()
    form["commune"].choices = places.commune_choices()


def check_commune_in_region(form: Form, places: Places) -> bool:
    """A commune and a region that disagree are a typing slip: say so at the commune."""
    region, commune = form["region"].data, form["commune"].data
    found = places.communes.get(commune) if commune else None
    if region and found is not None and found.region_code != region:
        form["commune"].errors = [
            *form["commune"].errors,
            str(_l("This commune is not in the chosen region.")),
        ]
        return False
    return True


def field_value(field: Field) -> Any:
    """What a submitted field holds, with blank text read as nothing."""
    data = field.data
    if isinstance(data, str):
        return data.strip() or None
    return data


def boolean_value(raw: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(raw or "")
