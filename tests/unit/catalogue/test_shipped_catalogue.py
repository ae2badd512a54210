"""The shipped demo catalogue meets its promise: size, coverage, translations, realism."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlmodel import Session, select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Region
from enlace.catalogue.vocab import NeedDomain
from enlace.network.models import Agreement


@pytest.fixture
def backend() -> str:
    """The data is the same on every backend: check it once, on SQLite."""
    return "sqlite"


@pytest.fixture
def offers(shipped_session: Session) -> list[Offer]:
    return list(shipped_session.exec(select(Offer)))


def test_size(shipped_session: Session, offers: list[Offer]) -> None:
    agencies = list(shipped_session.exec(select(Agency)))
    assert len(offers) >= 300
    assert len(agencies) >= 100
    assert sum(a.sector == "treatment_centre" for a in agencies) >= 20
    assert len(list(shipped_session.exec(select(Agreement)))) >= 60


def test_every_need_domain_and_region_is_covered(
    shipped_session: Session, offers: list[Offer]
) -> None:
    domains = {d.domain for o in offers for d in o.domains}
    assert domains == {d.value for d in NeedDomain}
    regions = {r.code for r in shipped_session.exec(select(Region))}
    local = {a.region_code for o in offers for a in o.areas}
    assert len(regions) == 16
    assert local == regions, f"regions without local offers: {regions - local}"
    assert any(o.scope == "national" for o in offers)


def test_every_offer_reads_in_both_languages(offers: list[Offer]) -> None:
    missing = [o.slug for o in offers if not (o.name_en and o.description_en and o.application_en)]
    assert not missing


def test_most_offers_have_structured_eligibility(offers: list[Offer]) -> None:
    with_rules = sum(bool(o.rules) for o in offers)
    assert with_rules / len(offers) >= 0.8


def test_descriptions_are_written_for_each_offer(offers: list[Offer]) -> None:
    sentences = Counter(
        sentence.strip()
        for o in offers
        for sentence in re.split(r"(?<=[.!?])\s+", o.description_es)
        if len(sentence.strip()) > 40
    )
    repeated = [s for s, n in sentences.items() if n > 1]
    assert not repeated, repeated[:5]


def test_contact_details_are_illustrative(shipped_session: Session, offers: list[Offer]) -> None:
    urls = [o.url for o in offers if o.url] + [o.email for o in offers if o.email]
    urls += [a.website for a in shipped_session.exec(select(Agency)) if a.website]
    real = [
        u for u in urls if not re.search(r"\.example(/|$|\?|#)", u) and not u.endswith(".example")
    ]
    assert not real, real[:5]
