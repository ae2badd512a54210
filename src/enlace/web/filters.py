"""Template filters: localised content, numbers and the labels of codes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from functools import lru_cache
from typing import Any

from babel import numbers
from flask import Flask
from flask_babel import (
    LazyString,
    format_currency,
    format_date,
    format_datetime,
    format_number,
    get_locale,
)
from jinja2.runtime import Context
from jinja2.utils import pass_context
from markupsafe import Markup, escape

from enlace.catalogue.vocab import Population
from enlace.i18n import localized
from enlace.web import casework_labels, catalogue_labels, labels, match_text


def _language(context: Context) -> str:
    """The page's language (given to every page as ``current_language``; macros
    imported without the page's context ask the request)."""
    found = context.get("current_language")
    return found if isinstance(found, str) else str(get_locale() or "es")


@pass_context
def _localized(context: Context, record: Any, field: str) -> Markup:
    """Content in the reader's language; marks text shown in the other language."""
    found = localized(record, field, _language(context))
    if found is None:
        return Markup("")
    if not found.is_fallback:
        return escape(found.text)
    return Markup('<span lang="{lang}">{text}</span>').format(lang=found.language, text=found.text)


def _content_language(record: Any, *fields: str) -> str | None:
    """The language a record's content is shown in: that of the first of ``fields``
    that has text in any language (the reader's, else the fallback)."""
    language = str(get_locale() or "es")
    for field in fields:
        found = localized(record, field, language)
        if found is not None:
            return found.language
    return None


LANGUAGE_NOTICES: dict[str, Mapping[str, LazyString]] = {
    "content": labels.ONLY_AVAILABLE_IN,
    "offer": labels.OFFER_ONLY_AVAILABLE_IN,
}


def _only_available_in(content_language: str | None, subject: str = "content") -> str:
    """A notice naming the content's own language ("Only available in English.") when
    it is shown in another language than the page's; else nothing."""
    if not content_language or content_language == str(get_locale() or "es"):
        return ""
    return labels.label(LANGUAGE_NOTICES[subject], content_language)


def _special_groups(populations: list[str] | None) -> list[str]:
    """The groups an offer is especially for. "Everyone" is no special group: it is
    dropped beside specific ones, and alone it leaves nothing to say."""
    return [p for p in populations or () if p != Population.GENERAL]


LABEL_TABLES: dict[str, Mapping[Any, LazyString]] = {
    "domains": labels.NEED_DOMAINS,
    "kinds": labels.KINDS,
    "sectors": labels.SECTORS,
    "levels": labels.LEVELS,
    "scopes": labels.SCOPES,
    "statuses": labels.STATUSES,
    "populations": labels.POPULATIONS,
    "languages": labels.LANGUAGE_NAMES,
    "weekdays": labels.WEEKDAY_NAMES,
    "phone_types": labels.PHONE_TYPES,
    "location_types": labels.LOCATION_TYPES,
    "origins": labels.ORIGINS,
    "roles": labels.ROLES,
    "audit_actions": labels.AUDIT_ACTIONS,
    "record_types": labels.RECORD_TYPES,
    "agreement_kinds": labels.AGREEMENT_KINDS,
    "quota_periods": labels.QUOTA_PERIODS,
    "agreement_statuses": labels.AGREEMENT_STATUSES,
    "agreement_states": labels.AGREEMENT_STATES,
    "effective_statuses": labels.EFFECTIVE_STATUSES,
    "node_categories": labels.NODE_CATEGORIES,
    "link_kinds": labels.LINK_KINDS,
    "party_roles": labels.PARTY_ROLES,
    "need_levels": match_text.NEED_LEVELS,
    "referral_statuses": casework_labels.REFERRAL_STATUSES,
    "status_actions": casework_labels.STATUS_ACTIONS,
    "negative_reasons": casework_labels.NEGATIVE_REASONS,
    "decisions": casework_labels.DECISIONS,
    "referral_origins": casework_labels.ORIGINS,
    "goal_statuses": casework_labels.GOAL_STATUSES,
    "consent_methods": casework_labels.CONSENT_METHODS,
    "consent_purposes": casework_labels.CONSENT_PURPOSES,
    "revocation_channels": casework_labels.REVOCATION_CHANNELS,
    "data_categories": casework_labels.DATA_CATEGORIES,
    "disclosure_kinds": casework_labels.DISCLOSURE_KINDS,
    "token_scopes": labels.TOKEN_SCOPES,
    "update_request_statuses": catalogue_labels.UPDATE_REQUEST_STATUSES,
    "change_decisions": catalogue_labels.DECISIONS,
    "report_reasons": catalogue_labels.REPORT_REASONS,
}


def _label(code: str | None, table: str) -> str:
    return labels.label(LABEL_TABLES[table], code)


@lru_cache(maxsize=4096)
def _format_int(number: int, language: str) -> str:
    return str(numbers.format_decimal(number, locale=language))


@pass_context
def _format_number(context: Context, number: Any) -> str:
    """Flask-Babel's ``format_number``; whole numbers (a results page shows a hundred
    facet counts) are remembered per language, since Babel takes long to format each."""
    if type(number) is int:
        return _format_int(number, _language(context))
    return str(format_number(number))


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _tel(number: str) -> str:
    """A tel: URI from a number as people write it ("+56 2 2345 6789")."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def register_filters(app: Flask) -> None:
    app.add_template_filter(_label, "label")
    app.add_template_global(labels.role_label, "role_label")
    app.add_template_filter(_hhmm, "hhmm")
    app.add_template_filter(_tel, "tel")
    app.add_template_filter(format_datetime, "format_datetime")
    app.add_template_filter(format_currency, "format_currency")
    app.add_template_filter(_localized, "localized")
    app.add_template_filter(_content_language, "content_language")
    app.add_template_filter(_only_available_in, "only_available_in")
    app.add_template_filter(_special_groups, "special_groups")
    app.add_template_filter(_format_number, "format_number")
    app.add_template_filter(format_date, "format_date")
