"""The staff follow-up page: due points, recording, errors keep what was typed."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.casework.models import FollowUp
from tests.accounts_factories import app_session, make_user, page_token, sign_in
from tests.unit.casework.conftest import World, make_world
from tests.unit.evaluation.conftest import person

EN = {"Accept-Language": "en"}


@pytest.fixture
def setup(app: Flask) -> tuple[World, str]:
    with app_session(app) as session:
        world = make_world(session)
        someone = person(session, world)
        make_user(session, "staff", email="staff@example.org", agency=world.centre)
        make_user(session, "staff", email="outsider@example.org", agency=world.other_centre)
        session.commit()
        return world, someone.id


def _client(app: Flask, who: str = "staff") -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, f"{who}@example.org").status_code == 302
    return client


def _path(pid: str) -> str:
    return f"/equipo/participantes/{pid}/seguimiento"


def test_the_page_lists_the_due_points(app: Flask, setup: tuple[World, str]) -> None:
    _world, pid = setup
    html = _client(app).get(_path(pid), headers=EN).get_data(as_text=True)
    assert 'data-point="3"' in html and 'data-point="12"' in html
    assert "Jun 10, 2026" in html  # three months after the plan's first goal


def test_recording_a_follow_up(app: Flask, setup: tuple[World, str]) -> None:
    _world, pid = setup
    client = _client(app)
    token = page_token(client, _path(pid))
    form = {
        "csrf_token": token,
        "due_months": "3",
        "on": "2026-06-12",
        "work": "formal",
        "studies": "none",
        "housing": "stable",
        "in_group": "yes",
        "schooling": "secondary_complete",
        "justice": "",
    }
    response = client.post(_path(pid), data=form)
    assert response.status_code == 302
    with app_session(app) as session:
        saved = session.exec(select(FollowUp)).one()
        assert (saved.work, saved.in_group, saved.schooling) == (
            "formal",
            True,
            "secondary_complete",
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"work": ""}, "Choose one of the options."),
        ({"on": "12/06/2026"}, "Enter a date as YYYY-MM-DD."),
        ({"on": "2999-01-01"}, "cannot be in the future"),
        ({"due_months": "5"}, "Choose one of the options in the list."),
        ({"justice": "nope"}, "Choose one of the options in the list."),
    ],
)
def test_bad_input_writes_nothing_and_keeps_what_was_typed(
    app: Flask, setup: tuple[World, str], change: dict[str, str], message: str
) -> None:
    _world, pid = setup
    client = _client(app)
    form = {
        "csrf_token": page_token(client, _path(pid)),
        "due_months": "6",
        "on": "2026-06-12",
        "work": "informal",
        "studies": "under_way",
        "housing": "unstable",
        "in_group": "no",
        **change,
    }
    response = client.post(_path(pid), data=form, headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert re.search(r'<input checked[^>]*value="under_way"', html)  # kept as typed
    with app_session(app) as session:
        assert session.exec(select(FollowUp)).first() is None


def test_another_centres_participant_is_not_found(app: Flask, setup: tuple[World, str]) -> None:
    _world, pid = setup
    assert _client(app, "outsider").get(_path(pid)).status_code == 404


def test_the_participant_page_links_the_follow_up(app: Flask, setup: tuple[World, str]) -> None:
    _world, pid = setup
    html = _client(app).get(f"/equipo/participantes/{pid}", headers=EN).get_data(as_text=True)
    assert f'href="{_path(pid)}"' in html
