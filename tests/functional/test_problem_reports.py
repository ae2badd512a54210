"""Report a problem: no account, no cookie, no personal data; honeypot, minimum fill time
and a per-address limit keep spam out; reports reach the coordinator's queue."""

from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeSerializer
from sqlmodel import select

from enlace.outbox import OutboxMessage
from enlace.outbox.commands import outbox_group
from enlace.stewardship.models import ProblemReport
from tests.accounts_factories import app_session, csrf_from, make_user, sign_in
from tests.factories import ensure_place, make_agency, make_offer
from tests.unit.outbox.conftest import Sink, free_port

URL = "/oferta/taller/informar-problema"


@pytest.fixture
def report_app(app: Flask) -> Flask:
    with app_session(app) as session:
        ensure_place(session)
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        make_offer(session, make_agency(session, region_code="7"), slug="taller")
        session.commit()
    return app


def _started(app: Flask, seconds_ago: float) -> str:
    signer = URLSafeSerializer(app.config["SECRET_KEY"], salt="enlace-report-form")
    return signer.dumps(time.time() - seconds_ago)


def _reports(app: Flask) -> list[ProblemReport]:
    with app_session(app) as session:
        return list(session.exec(select(ProblemReport)))


def _send(app: Flask, client: FlaskClient, **fields: str) -> int:
    data = {
        "reason": "wrong_phone",
        "text": "El teléfono correcto es 71 234 5678",
        "website": "",
        "started": _started(app, 30),
        **fields,
    }
    return client.post(URL, data=data, headers={"Accept-Language": "en"}).status_code


def test_the_offer_page_links_to_the_form_and_it_sets_no_cookie(report_app: Flask) -> None:
    client = report_app.test_client()
    assert URL in client.get("/oferta/taller").get_data(as_text=True)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert 'name="website"' in response.get_data(as_text=True)


def test_a_report_is_stored_and_reaches_the_coordinator(report_app: Flask) -> None:
    assert _send(report_app, report_app.test_client()) == 200
    [report] = _reports(report_app)
    assert (report.reason, report.status) == ("wrong_phone", "open")
    coordinator = report_app.test_client()
    assert sign_in(coordinator, "maule@example.org").status_code == 302
    queue = coordinator.get("/coordinacion/catalogo/verificar").get_data(as_text=True)
    assert 'data-queue-item="taller"' in queue
    page = coordinator.get("/coordinacion/catalogo/ofertas/taller/editar").get_data(as_text=True)
    assert "71 234 5678" in page
    closed = coordinator.post(
        f"/coordinacion/catalogo/informes/{report.id}/resuelto",
        data={"csrf_token": csrf_from(page)},
    )
    assert closed.status_code == 302
    assert _reports(report_app)[0].status == "resolved"


@pytest.mark.parametrize(
    "fields",
    [
        {"website": "http://spam.example"},  # the hidden field people never fill in
        {"started": "forged"},  # a start time we did not sign
    ],
)
def test_bots_are_thanked_and_nothing_is_stored(report_app: Flask, fields: dict[str, str]) -> None:
    assert _send(report_app, report_app.test_client(), **fields) == 200
    assert _reports(report_app) == []


def test_a_form_sent_too_fast_is_not_stored(report_app: Flask) -> None:
    assert _send(report_app, report_app.test_client(), started=_started(report_app, 0)) == 200
    assert _reports(report_app) == []


def test_bad_input_keeps_what_was_typed(report_app: Flask) -> None:
    client = report_app.test_client()
    answer = client.post(
        URL,
        data={"text": "Cerró en marzo", "started": _started(report_app, 30)},
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "Cerró en marzo" in html and "Choose what is wrong." in html
    assert _reports(report_app) == []


def test_one_address_is_limited_per_hour(report_app: Flask) -> None:
    client = report_app.test_client()
    statuses = [_send(report_app, client) for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert len(_reports(report_app)) == 5


def test_an_acknowledgement_only_when_the_visitor_gives_an_address(report_app: Flask) -> None:
    client = report_app.test_client()
    assert _send(report_app, client) == 200
    with app_session(report_app) as session:
        assert session.exec(select(OutboxMessage)).all() == []
    assert _send(report_app, client, email="vecina@example.org") == 200
    with app_session(report_app) as session:
        [message] = session.exec(select(OutboxMessage)).all()
        assert (message.recipient, message.language, message.purpose) == (
            "vecina@example.org",
            "en",
            "report_ack",
        )
        assert "/oferta/taller" in message.text_body
        stored = [r.text for r in session.exec(select(ProblemReport))]
        assert all("vecina" not in text for text in stored)


def test_the_outbox_worker_sends_the_acknowledgement(report_app: Flask) -> None:
    assert _send(report_app, report_app.test_client(), email="vecina@example.org") == 200
    sink = Sink()
    server = Controller(sink, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        report_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_STARTTLS=False)
        result = report_app.test_cli_runner().invoke(outbox_group, ["send"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    [email] = sink.received
    assert email["To"] == "vecina@example.org"
