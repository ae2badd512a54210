"""Forms of the catalogue pages: an agency, an offer (with rows of phones, hours, contacts,
documents and eligibility rules), and the one-button actions.

The forms check the shape of the input (lengths, numbers, closed lists); the catalogue
rules are the services' (:mod:`enlace.stewardship.validation`), whose messages the pages
put next to the same fields. Rows are WTForms' ``<list>-<n>-<field>``, the names the
services' messages use; a blank row is always offered after the filled ones, which is how
a row is added without JavaScript.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from enlace.catalogue.vocab import (
    AgencyLevel,
    NeedDomain,
    OfferKind,
    Population,
    Scope,
    Sector,
)
from enlace.matching.rules import ATTRIBUTES
from enlace.web import catalogue_labels, labels
from enlace.web.common import choice_field, max_length, options
from enlace.web.coordinator.agreement_forms import WholeNumber, parse_int
from enlace.web.match_text import ATTRIBUTE_NOUNS
from enlace.web.record_rows import (
    MAX_ROWS,
    Checkboxes,
    ContactForm,
    DocumentForm,
    PhoneForm,
    ScheduleForm,
)

TEXT = 5000


def check_version(field: Field) -> int:
    version = parse_int(field.data)
    if version is None or version < 1:
        raise ValidationError(str(_l("This form is out of date: open the record again.")))
    return version


class AreaForm(Form):  # type: ignore[misc]
    """A region, or one commune of it, where a regional or communal offer is available."""

    region_code = SelectField(_l("Region"), validate_choice=False)
    commune_code = SelectField(_l("Commune"), validate_choice=False)

    def filled(self) -> bool:
        return bool(self.region_code.data)


class PlaceNoteForm(Form):  # type: ignore[misc]
    """A note on one of the agency's places, for this offer (e.g. "Tuesdays only here")."""

    location_id = HiddenField()
    note_es = StringField(_l("Note on this place (Spanish)"), [max_length(300)])
    note_en = StringField(_l("Note on this place (English)"), [max_length(300)])


def attribute_choices() -> list[Any]:
    return options(
        [("", _l("Choose what the rule is about")), *((a, ATTRIBUTE_NOUNS[a]) for a in ATTRIBUTES)]
    )


class RuleForm(Form):  # type: ignore[misc]
    """One eligibility rule: attribute, then operator, then the value widget they call for
    (the page fills the choices; a row with no attribute is left out)."""

    attribute = SelectField(_l("About"), choices=attribute_choices, validate_choice=False)
    operator = SelectField(_l("Condition"), validate_choice=False)
    number = StringField(_l("Value"), [max_length(12)], render_kw={"inputmode": "decimal"})
    low = StringField(_l("From"), [max_length(12)], render_kw={"inputmode": "decimal"})
    high = StringField(_l("To"), [max_length(12)], render_kw={"inputmode": "decimal"})
    level = SelectField(_l("Value"), validate_choice=False)
    low_level = SelectField(_l("From"), validate_choice=False)
    high_level = SelectField(_l("To"), validate_choice=False)
    choices = Checkboxes(_l("Values"))
    flag = RadioField(
        _l("Value"),
        choices=lambda: options([("true", _l("Yes")), ("false", _l("No"))]),
        validate_choice=False,
    )
    group = StringField(_l("Any-of group (optional)"), [max_length(64)])
    note_es = StringField(_l("Note (Spanish)"), [max_length(300)])
    note_en = StringField(_l("Note (English)"), [max_length(300)])

    def filled(self) -> bool:
        return bool(self.attribute.data)


#: The languages an offer can be given in (``ay`` and ``aym`` are both Aymara: one box).
OFFER_LANGUAGES = ("es", "en", "ht", "arn", "ay", "rap", "fr", "pt", "qu")


def language_choices() -> list[Any]:
    return options((code, labels.LANGUAGE_NAMES[code]) for code in OFFER_LANGUAGES)


def kind_choices() -> list[Any]:
    return options((k.value, labels.KINDS[k]) for k in OfferKind)


def scope_choices() -> list[Any]:
    return options((s.value, labels.SCOPES[s]) for s in Scope)


def domain_choices(blank: bool = False) -> list[Any]:
    first = [("", _l("Choose the main need"))] if blank else []
    return options([*first, *((d.value, labels.NEED_DOMAINS[d]) for d in NeedDomain)])


class OfferForm(FlaskForm):  # type: ignore[misc]
    """Every field of an offer; ``version`` only when editing."""

    version = HiddenField()
    name_es = StringField(_l("Name (Spanish)"), [max_length(300)])
    name_en = StringField(_l("Name (English)"), [max_length(300)])
    alternate_name = StringField(_l("Other name"), [max_length(200)])
    description_es = TextAreaField(_l("Description (Spanish)"), [max_length(TEXT)])
    description_en = TextAreaField(_l("Description (English)"), [max_length(TEXT)])
    alert_es = TextAreaField(_l("Notice shown first (Spanish)"), [max_length(TEXT)])
    alert_en = TextAreaField(_l("Notice shown first (English)"), [max_length(TEXT)])
    eligibility_es = TextAreaField(_l("Who can apply (Spanish)"), [max_length(TEXT)])
    eligibility_en = TextAreaField(_l("Who can apply (English)"), [max_length(TEXT)])
    application_es = TextAreaField(_l("How to apply (Spanish)"), [max_length(TEXT)])
    application_en = TextAreaField(_l("How to apply (English)"), [max_length(TEXT)])
    fees_es = TextAreaField(_l("Cost details (Spanish)"), [max_length(TEXT)])
    fees_en = TextAreaField(_l("Cost details (English)"), [max_length(TEXT)])
    wait_time_es = TextAreaField(_l("Waiting time (Spanish)"), [max_length(TEXT)])
    wait_time_en = TextAreaField(_l("Waiting time (English)"), [max_length(TEXT)])
    kind = choice_field(_l("Type of offer"), kind_choices)
    scope = choice_field(_l("Where it is available"), scope_choices)
    cost = RadioField(
        _l("Cost"),
        choices=lambda: options(catalogue_labels.COST_CHOICES.items()),
        default="free",
        validate_choice=False,
    )
    cost_amount = WholeNumber(_l("Amount in pesos"))
    minimum_age = WholeNumber(_l("Minimum age"))
    maximum_age = WholeNumber(_l("Maximum age"))
    capacity = WholeNumber(_l("How many people it can take"))
    languages = Checkboxes(_l("Languages it is given in"), choices=language_choices)
    primary_domain = SelectField(
        _l("Main need domain"), choices=lambda: domain_choices(True), validate_choice=False
    )
    secondary_domains = Checkboxes(_l("Other need domains"), choices=domain_choices)
    categories = Checkboxes(_l("Categories"))
    populations = Checkboxes(
        _l("Especially for"),
        choices=lambda: options((p.value, labels.POPULATIONS[p]) for p in Population),
    )
    locations = Checkboxes(_l("Places"))
    place_notes = FieldList(FormField(PlaceNoteForm), max_entries=MAX_ROWS)
    url = StringField(_l("Web page"), [max_length(500)], render_kw={"type": "url"})
    email = StringField(_l("E-mail"), [max_length(254)], render_kw={"type": "email"})
    areas = FieldList(FormField(AreaForm), max_entries=MAX_ROWS)
    phones = FieldList(FormField(PhoneForm), max_entries=MAX_ROWS)
    schedules = FieldList(FormField(ScheduleForm), max_entries=MAX_ROWS)
    contacts = FieldList(FormField(ContactForm), max_entries=MAX_ROWS)
    documents = FieldList(FormField(DocumentForm), max_entries=MAX_ROWS)
    rules = FieldList(FormField(RuleForm), max_entries=MAX_ROWS)
    reason = StringField(_l("Why (optional, kept in the history)"), [max_length(300)])
    confirm_new = BooleanField(_l("This is not a duplicate: save it anyway"))
    refresh = SubmitField(_l("Update the form"))
    save = SubmitField(_l("Save"))


class Coordinate(StringField):  # type: ignore[misc]
    """A latitude or longitude in decimal degrees (a comma is read as the decimal point);
    the services say what range makes sense."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        render = {"inputmode": "decimal", "autocomplete": "off"}
        super().__init__(label, validators=[max_length(20)], render_kw=render, **kwargs)

    def pre_validate(self, form: Form) -> None:
        if (self.data or "").strip() and self.value is None:
            raise ValidationError(str(_l("Write a number in decimal degrees, like -35.43.")))

    @property
    def value(self) -> float | None:
        text = (self.data or "").strip().replace(",", ".")
        try:
            number = float(text) if text else None
        except ValueError:
            return None
        return number if number is None or abs(number) <= 180 else None


class PlaceForm(FlaskForm):  # type: ignore[misc]
    """One of an agency's places, with its phones and opening hours; ``version`` is the
    agency's (a place is part of the agency's record)."""

    version = HiddenField()
    name_es = StringField(_l("Name of the place (Spanish)"), [max_length(300)])
    name_en = StringField(_l("Name of the place (English)"), [max_length(300)])
    address_1 = StringField(_l("Street and number"), [max_length(300)])
    address_2 = StringField(_l("Office, floor or other details"), [max_length(300)])
    region_code = SelectField(_l("Region"), validate_choice=False)
    commune_code = SelectField(_l("Commune"), validate_choice=False)
    postal_code = StringField(_l("Postal code"), [max_length(20)])
    latitude = Coordinate(_l("Latitude"))
    longitude = Coordinate(_l("Longitude"))
    transportation_es = TextAreaField(_l("How to get there (Spanish)"), [max_length(TEXT)])
    transportation_en = TextAreaField(_l("How to get there (English)"), [max_length(TEXT)])
    accessibility_es = TextAreaField(_l("Accessibility (Spanish)"), [max_length(TEXT)])
    accessibility_en = TextAreaField(_l("Accessibility (English)"), [max_length(TEXT)])
    phones = FieldList(FormField(PhoneForm), max_entries=MAX_ROWS)
    schedules = FieldList(FormField(ScheduleForm), max_entries=MAX_ROWS)
    reason = StringField(_l("Why (optional, kept in the history)"), [max_length(300)])
    refresh = SubmitField(_l("Update the form"))
    save = SubmitField(_l("Save the place"))


class AgencyForm(FlaskForm):  # type: ignore[misc]
    version = HiddenField()
    name_es = StringField(_l("Name (Spanish)"), [max_length(300)])
    name_en = StringField(_l("Name (English)"), [max_length(300)])
    alternate_name = StringField(_l("Other name"), [max_length(200)])
    description_es = TextAreaField(_l("Description (Spanish)"), [max_length(TEXT)])
    description_en = TextAreaField(_l("Description (English)"), [max_length(TEXT)])
    sector = choice_field(
        _l("Sector"), lambda: options((s.value, labels.SECTORS[s]) for s in Sector)
    )
    level = choice_field(
        _l("Level"), lambda: options((x.value, labels.LEVELS[x]) for x in AgencyLevel)
    )
    region_code = SelectField(_l("Region"), validate_choice=False)
    commune_code = SelectField(_l("Commune"), validate_choice=False)
    website = StringField(_l("Web page"), [max_length(500)], render_kw={"type": "url"})
    email = StringField(_l("E-mail"), [max_length(254)], render_kw={"type": "email"})
    phones = FieldList(FormField(PhoneForm), max_entries=MAX_ROWS)
    contacts = FieldList(FormField(ContactForm), max_entries=MAX_ROWS)
    reason = StringField(_l("Why (optional, kept in the history)"), [max_length(300)])
    confirm_new = BooleanField(_l("This is not a duplicate: save it anyway"))
    save = SubmitField(_l("Save"))


class ActionForm(FlaskForm):  # type: ignore[misc]
    """Retire, reinstate, restore a version, mark checked: the version the page showed.
    Retiring an agency with offers asks for ``confirm``; reinstating it offers
    ``with_offers`` (the offers retired with it)."""

    version = HiddenField()
    confirm = BooleanField(_l("Yes, retire the agency and these offers"))
    with_offers = BooleanField(_l("Also put back the offers retired with it"), default=True)

    def validate_version(self, field: Field) -> None:
        check_version(field)
