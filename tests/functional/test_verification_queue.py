"""The verification queue: overdue records by kind, most seen first, one-click check."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlmodel import select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.models import Offer
from enlace.stewardship import verification as stewardship_verification
from enlace.stewardship.models import OfferReach
from enlace.web.coordinator import verification
from tests.accounts_factories import app_session, csrf_from, make_user, sign_in
from tests.factories import ensure_place, make_agency, make_offer

TODAY = date(2026, 12, 7)
QUEUE = "/coordinacion/catalogo/verificar"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verification, "today", lambda: TODAY)


@pytest.fixture
def queue_app(app: Flask) -> Flask:
    with app_session(app) as session:
        ensure_place(session)
        ensure_place(session, "13", "13101")
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        maule = make_agency(session, region_code="7", assured_date=TODAY)
        santiago = make_agency(session, region_code="13", assured_date=TODAY)
        # a course checked 7 months ago is due (6); a service checked 7 months ago is not (12)
        make_offer(session, maule, slug="course-due", kind="course", assured_date=date(2026, 5, 1))
        make_offer(
            session, maule, slug="service-fresh", kind="service", assured_date=date(2026, 5, 1)
        )
        make_offer(
            session, maule, slug="service-due", kind="service", assured_date=date(2025, 11, 1)
        )
        make_offer(session, maule, slug="never", kind="service", assured_date=None)
        make_offer(session, santiago, slug="elsewhere", kind="course", assured_date=None)
        session.add(
            OfferReach(
                offer_id=session.exec(select(Offer.id).where(Offer.slug == "service-due")).one(),
                views=40,
            )
        )
        session.commit()
    return app


def _slugs(html: str) -> list[str]:
    return re.findall(r'data-queue-item="([^"]+)"', html)


def test_the_queue_lists_due_offers_of_the_region_most_seen_first(queue_app: Flask) -> None:
    client = queue_app.test_client()
    assert sign_in(client, "maule@example.org").status_code == 302
    html = client.get(QUEUE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    offers = [s for s in _slugs(html) if not s.startswith("agency-")]
    assert offers == ["service-due", "never", "course-due"]
    assert "page opened 40 times" in html


def test_checked_today_takes_it_off_the_queue_and_is_audited(queue_app: Flask) -> None:
    client = queue_app.test_client()
    assert sign_in(client, "maule@example.org").status_code == 302
    token = csrf_from(client.get(QUEUE).get_data(as_text=True))
    answer = client.post(
        "/coordinacion/catalogo/ofertas/course-due/revisada", data={"csrf_token": token}
    )
    assert answer.status_code == 302
    assert "course-due" not in _slugs(client.get(QUEUE).get_data(as_text=True))
    with app_session(queue_app) as session:
        offer = session.exec(select(Offer).where(Offer.slug == "course-due")).one()
        assert offer.assured_date == TODAY
        entry = session.exec(select(AuditEntry).where(AuditEntry.target_id == offer.id)).one()
        assert entry.action == "catalogue.offer.checked"


def test_opening_an_offer_page_counts_one_view(queue_app: Flask) -> None:
    client = queue_app.test_client()
    assert client.get("/oferta/never").status_code == 200
    assert client.get("/oferta/never").status_code == 200
    with app_session(queue_app) as session:
        offer_id = session.exec(select(Offer.id).where(Offer.slug == "never")).one()
        assert session.get(OfferReach, offer_id).views == 2  # type: ignore[union-attr]


@pytest.mark.parametrize(("chunk", "chunks"), [(1, 1), (1, 50), (500, 20)])
def test_the_order_is_the_same_however_the_counts_are_walked(
    queue_app: Flask, monkeypatch: pytest.MonkeyPatch, chunk: int, chunks: int
) -> None:
    """Walking the view counts a few at a time, giving up early (then one ordered query),
    or reading them all at once give the same queue."""
    monkeypatch.setattr(stewardship_verification, "CHUNK", chunk)
    monkeypatch.setattr(stewardship_verification, "MAX_CHUNKS", chunks)
    with app_session(queue_app) as session:
        never = session.exec(select(Offer.id).where(Offer.slug == "never")).one()
        session.add(OfferReach(offer_id=never, views=3))
        session.commit()
    client = queue_app.test_client()
    assert sign_in(client, "maule@example.org").status_code == 302
    html = client.get(QUEUE).get_data(as_text=True)
    offers = [s for s in _slugs(html) if not s.startswith("agency-")]
    assert offers == ["service-due", "never", "course-due"]
