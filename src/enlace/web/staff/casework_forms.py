"""The casework forms: participant, plan goal, consent, referral moves, links, transfer,
deletion. They parse and check shape only; the casework services apply the rules and
their refusals come back next to the fields (:func:`put_errors`).

No form has a field for a name, national id, address, phone or e-mail of a participant.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError

from enlace.casework.consent import default_categories
from enlace.casework.vocab import (
    SENSITIVE_CATEGORIES,
    ConsentMethod,
    DataCategory,
    GoalStatus,
    NegativeReason,
    RevocationChannel,
)
from enlace.catalogue.vocab import LANGUAGES, NeedDomain
from enlace.i18n import _l
from enlace.web import casework_labels, labels
from enlace.web.casework_labels import problem_text
from enlace.web.common import choice_field, max_length, options
from enlace.web.needs import (
    CheckboxesField,
    Places,
    attribute_choices,
    check_commune_in_region,
    set_place_choices,
)

TEXT_MAX = 2000
REASON_MAX = 500
CODE_MAX = 20
CONSENT_DAYS = 180


def parse_date(value: Any) -> date | None:
    text = str(value or "").strip()
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None
    return parsed if 1900 <= parsed.year <= 9000 else None


class DateText(StringField):  # type: ignore[misc]
    """A date typed as YYYY-MM-DD (the browser's date picker where there is one)."""

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


def put_errors(form: FlaskForm, errors: Mapping[str, str], aliases: Mapping[str, str]) -> list[str]:
    """A service's per-field refusals next to their fields; the rest as page messages."""
    rest: list[str] = []
    for name, code in errors.items():
        field = form._fields.get(aliases.get(name, name.split(".")[-1]))
        text = problem_text(name, code)
        if field is None:
            rest.append(text)
        else:
            field.errors = [*field.errors, text]
    return rest


class ParticipantForm(FlaskForm):  # type: ignore[misc]
    """A new participant: year of birth, the centre's file number, a few attributes."""

    year_of_birth = StringField(
        _l("Year of birth"), [max_length(4)], render_kw={"inputmode": "numeric"}
    )
    file_number = StringField(_l("Centre file number (optional)"), [max_length(30)])
    language = choice_field(
        _l("Language for letters and the printed plan"),
        lambda: options((code, labels.LANGUAGE_NAMES[code]) for code in LANGUAGES),
        "es",
    )
    gender = choice_field(_l("Gender"), lambda: attribute_choices("gender"), "")
    region = choice_field(_l("Region where the person lives"), default="")
    commune = choice_field(_l("Commune where the person lives"), default="")

    def set_places(self, places: Places) -> None:
        set_place_choices(self, places)

    def check_places(self, places: Places) -> bool:
        return check_commune_in_region(self, places)

    def validate_year_of_birth(self, field: StringField) -> None:
        text = (field.data or "").strip()
        if not (text.isdigit() and len(text) == 4):
            raise ValidationError(str(_l("Enter the year of birth with four digits, e.g. 1990.")))

    def year(self) -> int:
        return int((self.year_of_birth.data or "0").strip() or 0)

    def attributes(self, today: date) -> dict[str, Any]:
        """The attributes given, in the engine's shape (value, source, date)."""
        values = {name: (self[name].data or "").strip() for name in ("gender", "region", "commune")}
        return {
            name: {"value": value, "source": "self_report", "date": today.isoformat()}
            for name, value in values.items()
            if value
        }


def _domain_choices() -> list[Any]:
    return options((d.value, labels.NEED_DOMAINS[d]) for d in NeedDomain)


def _goal_status_choices() -> list[Any]:
    return options((s.value, casework_labels.GOAL_STATUSES[s]) for s in GoalStatus)


class GoalForm(FlaskForm):  # type: ignore[misc]
    domain = choice_field(_l("Need area"), _domain_choices, "")
    text = TextAreaField(_l("Goal"), [max_length(TEXT_MAX)])
    target_date = DateText(_l("Target date (optional)"))
    status = choice_field(_l("Status"), _goal_status_choices, GoalStatus.NOT_STARTED.value)
    dropped_reason = TextAreaField(_l("Why it was dropped"), [max_length(REASON_MAX)])


def _category_choices() -> list[Any]:
    return options((c.value, casework_labels.DATA_CATEGORIES[c]) for c in DataCategory)


def _method_choices() -> list[Any]:
    return options(
        [("", _l("Choose…"))]
        + [(m.value, casework_labels.CONSENT_METHODS[m]) for m in ConsentMethod]
    )


class ConsentForm(FlaskForm):  # type: ignore[misc]
    """The person's consent to share: what, with whom (fixed by the page), until when, how.

    The sensitive categories are listed apart and need a second, explicit tick."""

    categories = CheckboxesField(_l("Data the person agrees to share"), choices=_category_choices)
    sensitive_confirmed = BooleanField(
        _l("The person explicitly agreed to share the sensitive data ticked above")
    )
    purpose_text = TextAreaField(_l("Purpose, in the person's words (optional)"), [max_length(300)])
    given_on = DateText(_l("Consent given on"))
    expires_on = DateText(_l("Consent valid until"))
    method = choice_field(_l("How consent was given"), _method_choices, "")
    recipient = choice_field(_l("Receiving centre"), default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recipient.choices = options([("", "")])  # the transfer page lists the centres

    def start(self, today: date) -> None:
        """A fresh form: the usual categories ticked, never a sensitive one."""
        self.categories.data = [c.value for c in default_categories()]
        self.given_on.data = today.isoformat()
        self.expires_on.data = (today + timedelta(days=CONSENT_DAYS)).isoformat()

    def sensitive_ticked(self) -> bool:
        return any(c in SENSITIVE_CATEGORIES for c in self.categories.data or [])


def _reason_choices() -> list[Any]:
    return options(
        [("", _l("Choose a reason…"))]
        + [(r.value, casework_labels.NEGATIVE_REASONS[r]) for r in NegativeReason]
    )


class StatusForm(FlaskForm):  # type: ignore[misc]
    """A move of a referral (the button says which), with a reason when it ends badly."""

    status = HiddenField()
    reason_code = choice_field(_l("Reason"), _reason_choices, "")
    reason_text = TextAreaField(_l("Reason in words"), [max_length(REASON_MAX)])


class LinkForm(FlaskForm):  # type: ignore[misc]
    days = choice_field(
        _l("The link works for"),
        lambda: options((str(d), _l("%(days)d days", days=d)) for d in (7, 14, 30, 60, 90)),
        "30",
    )


def _channel_choices() -> list[Any]:
    return options((c.value, casework_labels.REVOCATION_CHANNELS[c]) for c in RevocationChannel)


class RevokeConsentForm(FlaskForm):  # type: ignore[misc]
    channel = choice_field(_l("How the person withdrew consent"), _channel_choices, "in_person")


class OfferReferralForm(FlaskForm):  # type: ignore[misc]
    """A referral to an offer chosen by hand: for which participant, under which agreement."""

    code = StringField(_l("Participant code"), [max_length(CODE_MAX)])
    agreement = choice_field(_l("Agreement that gives priority"), default="")
    follow_up_on = DateText(_l("Follow up on (optional)"))

    def validate_code(self, field: StringField) -> None:
        if not (field.data or "").strip():
            raise ValidationError(str(_l("Enter the participant's code, e.g. ABCD-EFGH.")))


class DecisionForm(FlaskForm):  # type: ignore[misc]
    """Refer to, or set aside, one suggested offer (the result is recomputed server-side)."""

    offer = HiddenField()
    decision = HiddenField()
    reason = TextAreaField(_l("Why it is set aside"), [max_length(REASON_MAX)])


class TransferForm(FlaskForm):  # type: ignore[misc]
    consent = choice_field(_l("Transfer consent"), default="")


class DeleteForm(FlaskForm):  # type: ignore[misc]
    confirm = BooleanField(_l("I confirm the person asked for their data to be deleted"))
    reason = TextAreaField(_l("Note for the audit log (optional)"), [max_length(REASON_MAX)])

    def validate_confirm(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError(str(_l("Tick the box to confirm.")))


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something: only the CSRF token."""
