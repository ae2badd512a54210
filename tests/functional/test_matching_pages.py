"""The staff assessment, results and options sheet, and the public self-check, through the
Flask client on the shipped catalogue."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlmodel import select

from enlace.accounts.audit import AuditEntry
from enlace.catalogue.models import Agency
from enlace.catalogue.reference import stable_id
from enlace.matching import service
from enlace.web.staff.sheet import MAX_SHEET
from tests.accounts_factories import app_session, make_user, page_token, sign_in

EN = {"Accept-Language": "en"}
ES = {"Accept-Language": "es"}
RENACER = "ct-renacer-talca"
#: A 32-year-old woman with two children in Valparaíso, high housing and medium
#: employment need, finishing treatment (the issue's first scenario).
PROFILE = {
    "need_housing": "high",
    "need_employment": "medium",
    "age": "32",
    "gender": "female",
    "region": "5",
    "has_children": "yes",
    "youngest_child_age": "4",
    "treatment_stage": "follow_up",
}


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    service.clear_cache()


@pytest.fixture
def staff_app(shipped_app: Flask) -> Flask:
    with app_session(shipped_app) as session:
        centre = session.get(Agency, stable_id("agency", RENACER))
        make_user(session, "staff", email="staff@example.org", agency=centre)
        session.commit()
    return shipped_app


@pytest.fixture
def staff(staff_app: Flask) -> tuple[FlaskClient, str]:
    client = staff_app.test_client()
    assert sign_in(client, "staff@example.org").status_code == 302
    return client, page_token(client, "/equipo/evaluacion")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_assessment_form_lists_every_domain_and_defaults_to_unknown(
    staff: tuple[FlaskClient, str],
) -> None:
    client, _ = staff
    html = client.get("/equipo/evaluacion", headers=EN).get_data(as_text=True)
    assert html.count('class="domain-box') == 12
    assert html.count('<option selected value="unknown">') == 12
    assert "Use as starting point" in html
    assert "Does the person have a place to live for the coming months?" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", "abc", "Enter the age in years"),
        ("region", "99", "Choose one of the options in the list."),
        ("need_housing", "extreme", "Choose one of the options in the list."),
        ("year_of_birth", "1850", "Enter a year of birth"),
        ("commune", "13101", "This commune is not in the chosen region."),
    ],
)
def test_bad_input_comes_back_with_the_message_and_what_was_typed(
    staff: tuple[FlaskClient, str], field: str, value: str, message: str
) -> None:
    client, token = staff
    data = {**PROFILE, field: value, "csrf_token": token}
    response = client.post("/equipo/evaluacion/resultados", data=data, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'value="32"' in html or field == "age"  # the rest kept


def test_sistrat_gives_a_starting_profile_to_refine(staff: tuple[FlaskClient, str]) -> None:
    client, token = staff
    data = {"capital_physical": "high", "capital_human": "medium", "action": "sistrat", "age": "40"}
    response = client.post("/equipo/evaluacion", data={**data, "csrf_token": token}, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-started="sistrat"' in html
    housing = html.split('id="need_housing"', 1)[1].split("</select>", 1)[0]
    assert '<option selected value="high">' in housing
    assert 'value="40"' in html


def test_results_are_grouped_by_need_explained_and_carry_versions(
    staff: tuple[FlaskClient, str],
) -> None:
    client, token = staff
    response = client.post(
        "/equipo/evaluacion/resultados", data={**PROFILE, "csrf_token": token}, headers=EN
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, _text(html)[:2000]
    assert 'data-domain="housing"' in html
    assert html.index('data-domain="housing"') < html.index('data-domain="employment"')
    assert "Suggested because:" in html
    assert "high need: Housing" in html
    assert "weights v2" in html
    assert 'data-term="need_fit"' in html
    # each suggestion says who runs it, under its name
    assert html.count('class="muted result-agency"') == html.count('class="result match"') > 0
    # the profile travels in hidden fields for the filters and the edit button
    assert '<input type="hidden" name="need_housing" value="high">' in html


def test_filters_resubmit_the_profile_and_narrow_results(staff: tuple[FlaskClient, str]) -> None:
    client, token = staff

    def count(**filters: str) -> int:
        data = {**PROFILE, "csrf_token": token, **filters}
        html = client.post("/equipo/evaluacion/resultados", data=data, headers=EN).get_data(
            as_text=True
        )
        found = re.search(r'data-results-count="(\d+)"', html)
        assert found is not None
        return int(found.group(1))

    everything = count()
    assert everything > 0
    assert count(domain="childcare") < everything
    assert count(within="communal") < everything
    assert count(priority_only="y") < everything


def test_a_man_sees_why_a_womens_offer_is_not_for_him(staff: tuple[FlaskClient, str]) -> None:
    client, token = staff
    data = {
        "csrf_token": token,
        "need_employment": "high",
        "need_training": "high",
        "need_housing": "high",
        "age": "15",
        "region": "7",
    }
    html = client.post("/equipo/evaluacion/resultados", data=data, headers=EN).get_data(
        as_text=True
    )
    assert "Not eligible because:" in html
    assert "15 years old, the minimum is" in html


def test_the_options_sheet_has_how_where_and_nothing_about_the_person(
    staff: tuple[FlaskClient, str],
) -> None:
    client, token = staff
    data = {
        "csrf_token": token,
        "offer": ["hogar-de-cristo-empleo-con-apoyo-talca", "no-such-offer"],
        "language": "en",
        **PROFILE,  # even if a form sent the profile along, the sheet ignores it
    }
    response = client.post("/equipo/evaluacion/hoja", data=data, headers=ES)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "How to apply" in html
    assert html.count('class="take-away-item"') == 1
    text = _text(html).lower()
    for sensitive in ("need", "treatment stage", "high", "32", "female", "woman"):
        assert sensitive not in text.split("enlace", 1)[1], sensitive


def test_the_sheet_in_spanish(staff: tuple[FlaskClient, str]) -> None:
    client, token = staff
    data = {
        "csrf_token": token,
        "offer": "hogar-de-cristo-empleo-con-apoyo-talca",
        "language": "es",
    }
    html = client.post("/equipo/evaluacion/hoja", data=data, headers=EN).get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "Cómo postular" in html


def test_the_self_check_finds_offers_sets_no_cookie_and_writes_nothing(
    shipped_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = shipped_app.test_client()
    with app_session(shipped_app) as session:
        before = session.exec(select(func.count()).select_from(AuditEntry)).one()
    caplog.set_level(logging.DEBUG)
    data = {
        "areas": ["employment", "housing"],
        "age": "47",
        "region": "7",
        "housing_status": "precarious",
    }
    response = client.post("/que-ayudas-me-sirven", data=data, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, _text(html)[:1500]
    assert "Set-Cookie" not in response.headers
    assert "offers may suit you" in html
    assert "Why it may help you:" in html
    assert "data-save-offer=" in html
    assert "precarious" not in caplog.text and "47" not in caplog.text
    with app_session(shipped_app) as session:
        assert session.exec(select(func.count()).select_from(AuditEntry)).one() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("age", "abc", "Enter the age in years"), ("region", "99", "Choose one of the options")],
)
def test_the_self_check_refuses_bad_input_keeping_the_rest(
    shipped_app: Flask, field: str, value: str, message: str
) -> None:
    client = shipped_app.test_client()
    data = {"areas": "housing", "age": "30", "region": "5", field: value}
    response = client.post("/que-ayudas-me-sirven", data=data, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert (
        'value="housing" checked' in html or 'checked value="housing"' in html or "checked" in html
    )
    assert "Set-Cookie" not in response.headers


def test_the_home_page_links_the_self_check(shipped_app: Flask) -> None:
    html = shipped_app.test_client().get("/", headers=ES).get_data(as_text=True)
    assert 'href="/que-ayudas-me-sirven"' in html


def test_a_sheet_with_too_many_offers_says_what_it_left_out(
    staff: tuple[FlaskClient, str],
) -> None:
    client, token = staff
    chosen = [f"offer-{n}" for n in range(MAX_SHEET + 3)]
    response = client.post(
        "/equipo/evaluacion/hoja",
        data={"csrf_token": token, "offer": chosen, "language": "en"},
        headers=EN,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-left-out="3"' in html
    assert "3 more chosen offers are not on it" in html


def test_an_offer_aimed_at_the_person_is_explained_in_plain_words(
    staff: tuple[FlaskClient, str],
) -> None:
    client, token = staff
    data = {
        "need_income": "high",
        "age": "67",
        "gender": "female",
        "region": "13",
        "has_children": "yes",
        "csrf_token": token,
    }
    html = client.post("/equipo/evaluacion/resultados", data=data, headers=EN).get_data(
        as_text=True
    )
    card = html.split('data-offer="ips-pension-garantizada-universal"', 1)[1].split("</li>", 1)[0]
    assert "made for people in this situation: aged 65 or more" in card
    assert 'data-term="targeting"' in card
    assert (
        "aimed at the person&#39;s situation" in card or "aimed at the person's situation" in card
    )
    es = client.post("/equipo/evaluacion/resultados", data=data, headers=ES).get_data(as_text=True)
    assert "pensada para personas en esta situación: de 65 años o más" in es
