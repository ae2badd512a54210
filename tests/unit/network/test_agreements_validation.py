"""The rules of an agreement draft, one case per rule, each with its field and message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from enlace.network.validation import AgreementDraft, Known, PartyDraft, validate

TODAY = date(2026, 6, 1)
KNOWN = Known(
    regions=frozenset({"7", "13"}),
    agencies={"centre": "CT Talca", "omil": "OMIL Talca", "gore": "GORE Maule"},
    offers={"placement": ("omil", "Colocación"), "centre-group": ("centre", "Grupo de apoyo")},
    today=TODAY,
)
VALID = AgreementDraft(
    title_es="Acceso preferente a la OMIL",
    kind="priority_access",
    valid_from=date(2026, 1, 1),
    valid_to=date(2027, 12, 31),
    signed_on=date(2025, 12, 15),
    parties=(
        PartyDraft("centre", "referrer"),
        PartyDraft("omil", "provider", contact_name="Rosa Díaz", contact_email="rosa@omil.cl"),
    ),
    domains=("employment",),
    offer_ids=("placement",),
    quota=10,
    quota_period="year",
    quota_used=3,
    region_code="7",
    document_url="https://talca.example.cl/convenio.pdf",
)
_OMIL = PartyDraft("omil", "provider")
_GORE = PartyDraft("gore", "funder")


def _messages(draft: AgreementDraft) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in validate(draft, KNOWN).items()}


def test_a_complete_draft_is_valid() -> None:
    assert _messages(VALID) == {}


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("no title", {"title_es": "  "}, "title_es", "Enter the agreement's title in Spanish."),
    ("long title", {"title_es": "x" * 301}, "title_es", "At most 300 characters."),
    ("long english title", {"title_en": "x" * 301}, "title_en", "At most 300 characters."),
    ("long description", {"description_es": "x" * 5001}, "description_es", "At most 5000"),
    ("unknown kind", {"kind": "friendship"}, "kind", "Choose a kind of agreement"),
    ("no start", {"valid_from": None}, "valid_from", "Enter the date the agreement starts."),
    (
        "ends before it starts",
        {"valid_to": date(2025, 12, 31)},
        "valid_to",
        "The end date must be on or after the start date.",
    ),
    (
        "signed in the future",
        {"signed_on": date(2026, 6, 2)},
        "signed_on",
        "The signing date cannot be in the future.",
    ),
    (
        "signed after it ended",
        {"valid_from": date(2024, 1, 1), "valid_to": date(2024, 12, 31)},
        "signed_on",
        "The agreement must be signed before it ends.",
    ),
    ("zero quota", {"quota": 0, "quota_used": 0}, "quota", "The quota must be at least 1"),
    ("quota without period", {"quota_period": None}, "quota_period", "Choose what period"),
    ("period without quota", {"quota": None, "quota_used": 0}, "quota", "Enter the quota"),
    ("unknown period", {"quota_period": "decade"}, "quota_period", "Choose a period"),
    ("negative used", {"quota_used": -1}, "quota_used", "The quota used cannot be negative."),
    ("used over quota", {"quota_used": 11}, "quota_used", "The quota used (11) is more than"),
    ("unknown region", {"region_code": "99"}, "region_code", "Choose a region from the list."),
    (
        "one party",
        {"parties": (PartyDraft("centre", "referrer"),)},
        "parties",
        "An agreement needs at least two different agencies.",
    ),
    (
        "the same agency twice",
        {"parties": (_OMIL, PartyDraft("omil", "referrer"))},
        "parties-1-agency_id",
        "This agency is already a party.",
    ),
    (
        "unknown agency",
        {"parties": (*VALID.parties, PartyDraft("nobody", "partner"))},
        "parties-2-agency_id",
        "Choose an agency from the list.",
    ),
    (
        "unknown role",
        {"parties": (PartyDraft("centre", "witness"), _OMIL)},
        "parties-0-role",
        "Choose a role from the list.",
    ),
    (
        "no granting side",
        {"parties": (PartyDraft("centre", "referrer"), PartyDraft("omil", "partner"))},
        "parties",
        "At least one party must be on the granting side (provider or funder).",
    ),
    (
        "no benefiting side for priority access",
        {"parties": (_OMIL, _GORE)},
        "parties",
        "At least one party must be on the benefiting side (referrer).",
    ),
    (
        "bad contact e-mail",
        {"parties": (PartyDraft("centre", "referrer", contact_email="rosa"), _OMIL)},
        "parties-0-contact_email",
        "Enter an e-mail address",
    ),
    (
        "long contact phone",
        {"parties": (PartyDraft("centre", "referrer", contact_phone="1" * 41), _OMIL)},
        "parties-0-contact_phone",
        "At most 40 characters.",
    ),
    ("unknown domain", {"domains": ("happiness",)}, "domains", "Unknown need domain: happiness."),
    (
        "covers nothing",
        {"domains": (), "offer_ids": ()},
        "domains",
        "Choose the need domains or the offers",
    ),
    ("unknown offer", {"offer_ids": ("ghost",)}, "offer_ids", "Choose offers from the list."),
    (
        "offer of the benefiting side",
        {"offer_ids": ("centre-group",)},
        "offer_ids",
        "“Grupo de apoyo” is not provided by a party on the granting side.",
    ),
    ("document not a web address", {"document_url": "Res. 123"}, "document_url", "https://"),
]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_rule_names_its_field(change: dict[str, Any], field: str, message: str) -> None:
    found = _messages(replace(VALID, **change))
    assert field in found, found
    assert any(message in text for text in found[field]), found[field]


def test_cooperation_needs_no_benefiting_side() -> None:
    """A funder paying for a provider's offer: granting parties only, as shipped."""
    draft = replace(VALID, kind="financial_cooperation", parties=(_OMIL, _GORE))
    assert _messages(draft) == {}


def test_every_problem_is_reported_at_once() -> None:
    draft = replace(VALID, title_es="", valid_from=None, quota_used=-1, region_code="99")
    assert set(_messages(draft)) == {"title_es", "valid_from", "quota_used", "region_code"}
