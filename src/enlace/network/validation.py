"""What a coordinator types for an agreement, and the rules it must follow (pure).

:func:`validate` takes the plain input and the few facts it is checked against
(:class:`Known`: the regions, and the agencies and offers the input names) and returns
every problem at once, per form field, so the page shows them all next to what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString

from enlace.catalogue.vocab import NeedDomain
from enlace.i18n import _l
from enlace.network.models import (
    CONTACT_EMAIL_MAX,
    CONTACT_NAME_MAX,
    CONTACT_PHONE_MAX,
    CONTACT_TITLE_MAX,
    DESCRIPTION_MAX,
    TITLE_MAX,
    URL_MAX,
)
from enlace.network.vocab import (
    BENEFITING_KINDS,
    AgreementKind,
    PartyRole,
    PartySide,
    QuotaPeriod,
    side_of,
)

Errors = dict[str, list[LazyString | str]]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


@dataclass(frozen=True, slots=True)
class PartyDraft:
    """One party as typed: the agency, its role, and the person who handles the agreement."""

    agency_id: str
    role: str
    contact_name: str | None = None
    contact_title: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True, slots=True)
class AgreementDraft:
    """Every field of an agreement a coordinator sets (a create or edit form's data).

    ``region_code`` None means national. Texts are stripped; empty optional texts become
    None. The status is not here: it changes through its own actions (suspend, end...).
    """

    title_es: str
    kind: str
    valid_from: date | None
    parties: tuple[PartyDraft, ...]
    title_en: str | None = None
    description_es: str | None = None
    description_en: str | None = None
    domains: tuple[str, ...] = ()
    offer_ids: tuple[str, ...] = ()
    quota: int | None = None
    quota_period: str | None = None
    quota_used: int = 0
    region_code: str | None = None
    signed_on: date | None = None
    valid_to: date | None = None
    document_url: str | None = None


@dataclass(frozen=True, slots=True)
class Known:
    """The facts a draft is checked against (the service reads them for the draft)."""

    regions: frozenset[str]
    agencies: Mapping[str, str]  # agency id -> name, for the agencies the draft names
    offers: Mapping[str, tuple[str, str]]  # offer id -> (its agency id, its name)
    today: date


def _add(errors: Errors, name: str, message: LazyString) -> None:
    errors.setdefault(name, []).append(message)


def _length(errors: Errors, name: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        _add(errors, name, _l("At most %(limit)s characters.", limit=limit))


def _texts(draft: AgreementDraft, errors: Errors) -> None:
    if not draft.title_es.strip():
        _add(errors, "title_es", _l("Enter the agreement's title in Spanish."))
    _length(errors, "title_es", draft.title_es, TITLE_MAX)
    _length(errors, "title_en", draft.title_en, TITLE_MAX)
    _length(errors, "description_es", draft.description_es, DESCRIPTION_MAX)
    _length(errors, "description_en", draft.description_en, DESCRIPTION_MAX)
    if draft.document_url is not None:
        if not _URL.match(draft.document_url):
            _add(errors, "document_url", _l("Enter a web address starting with https://."))
        _length(errors, "document_url", draft.document_url, URL_MAX)


def _dates(draft: AgreementDraft, known: Known, errors: Errors) -> None:
    if draft.valid_from is None:
        _add(errors, "valid_from", _l("Enter the date the agreement starts."))
    elif draft.valid_to is not None and draft.valid_to < draft.valid_from:
        _add(errors, "valid_to", _l("The end date must be on or after the start date."))
    if draft.signed_on is not None:
        if draft.signed_on > known.today:
            _add(errors, "signed_on", _l("The signing date cannot be in the future."))
        elif draft.valid_to is not None and draft.signed_on > draft.valid_to:
            _add(errors, "signed_on", _l("The agreement must be signed before it ends."))


def _quota(draft: AgreementDraft, errors: Errors) -> None:
    if draft.quota is not None and draft.quota < 1:
        _add(errors, "quota", _l("The quota must be at least 1 (leave it empty for none)."))
    if draft.quota is not None and draft.quota_period is None:
        _add(errors, "quota_period", _l("Choose what period the quota counts over."))
    if draft.quota is None and draft.quota_period is not None:
        _add(errors, "quota", _l("Enter the quota for this period, or choose no period."))
    if draft.quota_period is not None and draft.quota_period not in set(QuotaPeriod):
        _add(errors, "quota_period", _l("Choose a period from the list."))
    if draft.quota_used < 0:
        _add(errors, "quota_used", _l("The quota used cannot be negative."))
    elif draft.quota is not None and draft.quota >= 1 and draft.quota_used > draft.quota:
        _add(
            errors,
            "quota_used",
            _l("The quota used (%(used)s) is more than the quota.", used=draft.quota_used),
        )


def _parties(draft: AgreementDraft, known: Known, errors: Errors) -> set[str]:
    """Checks every party; returns the agencies on the granting side."""
    seen: set[str] = set()
    sides: set[PartySide] = set()
    granting: set[str] = set()
    for n, party in enumerate(draft.parties):
        prefix = f"parties-{n}-"
        if party.agency_id not in known.agencies:
            _add(errors, prefix + "agency_id", _l("Choose an agency from the list."))
        elif party.agency_id in seen:
            _add(errors, prefix + "agency_id", _l("This agency is already a party."))
        seen.add(party.agency_id)
        side = side_of(party.role)
        if side is None:
            _add(errors, prefix + "role", _l("Choose a role from the list."))
        else:
            sides.add(side)
            if side is PartySide.GRANTING:
                granting.add(party.agency_id)
        _length(errors, prefix + "contact_name", party.contact_name, CONTACT_NAME_MAX)
        _length(errors, prefix + "contact_title", party.contact_title, CONTACT_TITLE_MAX)
        _length(errors, prefix + "contact_phone", party.contact_phone, CONTACT_PHONE_MAX)
        _length(errors, prefix + "contact_email", party.contact_email, CONTACT_EMAIL_MAX)
        if party.contact_email is not None and not _EMAIL.match(party.contact_email):
            _add(
                errors,
                prefix + "contact_email",
                _l("Enter an e-mail address like name@example.cl."),
            )
    if len(seen) < 2:
        _add(errors, "parties", _l("An agreement needs at least two different agencies."))
    if PartySide.GRANTING not in sides:
        _add(
            errors,
            "parties",
            _l("At least one party must be on the granting side (provider or funder)."),
        )
    if draft.kind in BENEFITING_KINDS and PartySide.BENEFITING not in sides:
        _add(
            errors,
            "parties",
            _l("At least one party must be on the benefiting side (referrer)."),
        )
    return granting


def _coverage(draft: AgreementDraft, known: Known, granting: set[str], errors: Errors) -> None:
    unknown = sorted(set(draft.domains) - set(NeedDomain))
    if unknown:
        _add(errors, "domains", _l("Unknown need domain: %(codes)s.", codes=", ".join(unknown)))
    if not draft.domains and not draft.offer_ids:
        _add(errors, "domains", _l("Choose the need domains or the offers the agreement covers."))
    for offer_id in draft.offer_ids:
        offer = known.offers.get(offer_id)
        if offer is None:
            _add(errors, "offer_ids", _l("Choose offers from the list."))
        elif offer[0] not in granting:
            _add(
                errors,
                "offer_ids",
                _l(
                    "“%(offer)s” is not provided by a party on the granting side.",
                    offer=offer[1],
                ),
            )


def validate(draft: AgreementDraft, known: Known) -> Errors:
    """Every problem of the draft, per field (empty: the draft is valid)."""
    errors: Errors = {}
    _texts(draft, errors)
    if draft.kind not in set(AgreementKind):
        _add(errors, "kind", _l("Choose a kind of agreement from the list."))
    _dates(draft, known, errors)
    _quota(draft, errors)
    if draft.region_code is not None and draft.region_code not in known.regions:
        _add(errors, "region_code", _l("Choose a region from the list."))
    granting = _parties(draft, known, errors)
    _coverage(draft, known, granting, errors)
    return errors


def roles() -> tuple[PartyRole, ...]:
    """The roles a party form offers, granting side first."""
    return (PartyRole.PROVIDER, PartyRole.FUNDER, PartyRole.REFERRER, PartyRole.PARTNER)
