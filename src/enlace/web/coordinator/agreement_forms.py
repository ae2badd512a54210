"""Forms of the agreement pages: the list's filters, the agreement itself, status actions
and renewal.

The forms check the shape of the input (dates, whole numbers, lengths, closed lists); the
agreement rules (dates in order, two distinct parties, sides, quota, offers of a granting
party, known domains) are the services' (:mod:`enlace.network.validation`), whose messages
the pages put next to the same fields. Party rows are WTForms' ``parties-<n>-<field>``,
the names the services' messages use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from enlace.accounts.models import REASON_MAX
from enlace.catalogue.vocab import NeedDomain
from enlace.network.models import (
    CONTACT_EMAIL_MAX,
    CONTACT_NAME_MAX,
    CONTACT_PHONE_MAX,
    CONTACT_TITLE_MAX,
    DESCRIPTION_MAX,
    TITLE_MAX,
    URL_MAX,
)
from enlace.network.validation import roles
from enlace.network.vocab import AgreementKind, AgreementStatus, EffectiveStatus, QuotaPeriod
from enlace.web import labels
from enlace.web.common import choice_field, max_length, options
from enlace.web.record_rows import Checkboxes

#: Most party rows a form keeps (a blank one is always added after the filled ones).
MAX_PARTIES = 30
#: The list's "ending within" filter: the longest horizon, in days.
MAX_EXPIRING_DAYS = 3650


def parse_date(value: Any) -> date | None:
    """A date typed as YYYY-MM-DD (what the browser's date picker sends), else None."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        parsed = date.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return parsed if 1900 <= parsed.year <= 9000 else None


def parse_int(value: Any) -> int | None:
    text = str(value).strip() if value is not None else ""
    if not text or not text.lstrip("-").isdigit() or len(text) > 9:
        return None
    return int(text)


class DateText(StringField):  # type: ignore[misc]
    """A date field that accepts YYYY-MM-DD and says so when it cannot read one."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(label, validators=[max_length(10)], render_kw={"type": "date"}, **kwargs)

    def _value(self) -> str:
        if isinstance(self.data, date):
            return self.data.isoformat()
        return str(self.data or "")

    def pre_validate(self, form: Form) -> None:
        if self.data and parse_date(self.data) is None:
            raise ValidationError(str(_l("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")))

    @property
    def value(self) -> date | None:
        return parse_date(self.data)


class WholeNumber(StringField):  # type: ignore[misc]
    """A whole number from 0 (empty allowed); the services say what range makes sense."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        render = {"inputmode": "numeric", "pattern": "[0-9]*"}
        super().__init__(label, validators=[max_length(9)], render_kw=render, **kwargs)

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)

    def pre_validate(self, form: Form) -> None:
        number = parse_int(self.data)
        if self.data not in (None, "") and (number is None or number < 0):
            raise ValidationError(str(_l("Enter a whole number, like 12.")))

    @property
    def value(self) -> int | None:
        return parse_int(self.data)


def version_field() -> HiddenField:
    return HiddenField()


def check_version(field: Field) -> int:
    version = parse_int(field.data)
    if version is None or version < 1:
        raise ValidationError(str(_l("This form is out of date: open the agreement again.")))
    return version


def kind_choices() -> list[Any]:
    return options((k.value, labels.AGREEMENT_KINDS[k]) for k in AgreementKind)


def period_choices() -> list[Any]:
    return options(
        [("", _l("No quota")), *((p.value, labels.QUOTA_PERIODS[p]) for p in QuotaPeriod)]
    )


def role_choices() -> list[Any]:
    return options((r.value, labels.PARTY_ROLES[r]) for r in roles())


def domain_choices() -> list[Any]:
    return options((d.value, labels.NEED_DOMAINS[d]) for d in NeedDomain)


class PartyForm(Form):  # type: ignore[misc]
    """One party row; a row with no agency is left out (that is how a party is removed)."""

    agency_id = SelectField(_l("Agency"), default="", validate_choice=False)
    role = SelectField(_l("Role"), choices=role_choices, validate_choice=False)
    contact_name = StringField(_l("Contact person"), [max_length(CONTACT_NAME_MAX)])
    contact_title = StringField(_l("Contact's position"), [max_length(CONTACT_TITLE_MAX)])
    contact_phone = StringField(_l("Contact's phone"), [max_length(CONTACT_PHONE_MAX)])
    contact_email = StringField(_l("Contact's e-mail"), [max_length(CONTACT_EMAIL_MAX)])

    def validate_agency_id(self, field: Field) -> None:
        contact = (self.contact_name, self.contact_title, self.contact_phone, self.contact_email)
        if not field.data and any((f.data or "").strip() for f in contact):
            raise ValidationError(str(_l("Choose the agency, or clear this row's contact.")))

    def filled(self) -> bool:
        return bool(self.agency_id.data)


class AgreementForm(FlaskForm):  # type: ignore[misc]
    """Every field of an agreement (create and edit); ``version`` only when editing."""

    editing = False
    #: The offers shown as checkboxes, with their agencies (set by the view).
    offer_choices: list[Any]

    version = version_field()
    title_es = StringField(_l("Title in Spanish"), [max_length(TITLE_MAX)])
    title_en = StringField(_l("Title in English"), [max_length(TITLE_MAX)])
    description_es = TextAreaField(_l("Description in Spanish"), [max_length(DESCRIPTION_MAX)])
    description_en = TextAreaField(_l("Description in English"), [max_length(DESCRIPTION_MAX)])
    kind = choice_field(_l("Kind of agreement"), choices=kind_choices)
    status = RadioField(
        _l("Status when saved"),
        choices=options(
            (s.value, labels.AGREEMENT_STATUSES[s])
            for s in (AgreementStatus.ACTIVE, AgreementStatus.DRAFT)
        ),
        default=AgreementStatus.ACTIVE.value,
        invalid_choice_message=_l("Choose one of the options in the list."),
    )
    region_code = choice_field(_l("Region scope"), default="")
    signed_on = DateText(_l("Signed on"))
    valid_from = DateText(_l("Valid from"))
    valid_to = DateText(_l("Valid until (last day in force)"))
    quota = WholeNumber(_l("Quota (places or referrals)"))
    quota_period = choice_field(_l("The quota counts"), choices=period_choices, default="")
    quota_used = WholeNumber(_l("Quota used so far"), default="0")
    document_url = StringField(
        _l("Document (web address)"), [max_length(URL_MAX)], render_kw={"type": "url"}
    )
    domains = Checkboxes(_l("Need domains covered"), choices=domain_choices)
    offer_ids = Checkboxes(_l("Offers covered"), choices=[])
    parties = FieldList(FormField(PartyForm), min_entries=0, max_entries=MAX_PARTIES)
    reason = TextAreaField(_l("Reason for the change (for the history)"), [max_length(REASON_MAX)])

    def validate_version(self, field: Field) -> None:
        if self.editing:  # a new agreement has none
            check_version(field)


class StatusForm(FlaskForm):  # type: ignore[misc]
    """Suspend, reactivate or end: the version the person saw, and why."""

    version = version_field()
    reason = TextAreaField(_l("Reason (kept in the history)"), [max_length(REASON_MAX)])

    def validate_version(self, field: Field) -> None:
        check_version(field)


class RenewForm(FlaskForm):  # type: ignore[misc]
    """A new validity period: its dates, signing, document and quota."""

    version = version_field()
    valid_from = DateText(_l("New period starts"))
    valid_to = DateText(_l("New period ends (last day in force)"))
    signed_on = DateText(_l("Signed on"))
    document_url = StringField(
        _l("Document (web address)"), [max_length(URL_MAX)], render_kw={"type": "url"}
    )
    quota = WholeNumber(_l("Quota (places or referrals)"))
    quota_period = choice_field(_l("The quota counts"), choices=period_choices, default="")
    reason = TextAreaField(_l("Reason (kept in the history)"), [max_length(REASON_MAX)])

    def validate_version(self, field: Field) -> None:
        check_version(field)


def status_filter_choices() -> list[Any]:
    return options(
        [
            ("", _l("Any status")),
            *((s.value, labels.EFFECTIVE_STATUSES[s]) for s in EffectiveStatus),
        ]
    )


class FilterForm(Form):  # type: ignore[misc]
    """The list's filters (query string: reading needs no CSRF token)."""

    q = StringField(_l("Title contains"), [max_length(100)])
    region = choice_field(_l("Region"), default="")
    kind = choice_field(_l("Kind"), lambda: [*options([("", _l("Any kind"))]), *kind_choices()], "")
    status = choice_field(_l("Status"), status_filter_choices, "")
    domain = choice_field(
        _l("Need domain"), lambda: [*options([("", _l("Any need"))]), *domain_choices()], ""
    )
    party = choice_field(_l("Party"), default="")
    expiring = WholeNumber(_l("Ending within (days)"))
    page = StringField(validators=[max_length(6)])

    def validate_expiring(self, field: Field) -> None:
        days = parse_int(field.data)
        if field.data and (days is None or not 1 <= days <= MAX_EXPIRING_DAYS):
            raise ValidationError(
                str(_l("Enter a number of days from 1 to %(max)s.", max=MAX_EXPIRING_DAYS))
            )

    def page_number(self) -> int:
        value = self.page.data or ""
        return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1

    def active(self) -> int:
        """How many filters are set (the disclosure opens when any is)."""
        names = ("q", "region", "kind", "status", "domain", "party", "expiring")
        return sum(1 for name in names if getattr(self, name).data)
