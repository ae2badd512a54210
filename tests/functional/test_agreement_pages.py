"""The coordinators' agreement pages: list and filters, detail with history, create and
edit (validation, changed meanwhile), status actions and renewal, who may do what."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.reference import stable_id
from enlace.network import service
from enlace.network.models import Agreement
from enlace.web.coordinator import agreement_pages
from tests.accounts_factories import app_session, csrf_from, make_user, sign_in

EN = {"Accept-Language": "en"}
ES = {"Accept-Language": "es"}
TODAY = date(2026, 6, 1)
OMIL = "conv-renacer-omil-talca"  # region 7: Renacer (referrer) and Talca (provider)
NATIONAL = "conv-senda-sence-red-tratamiento"  # no region
LIST = "/coordinacion/convenios"
TITLE = "Cupos en el curso de soldadura"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agreement_pages, "today", lambda: TODAY)
    service.clear_cache()


@pytest.fixture
def agreements_app(shipped_app: Flask) -> Flask:
    """The shipped catalogue (10 agreements in Maule, one national) and people."""
    with app_session(shipped_app) as session:
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        make_user(session, "coordinator", email="santiago@example.org", region_code="13")
        make_user(session, "coordinator", email="national@example.org")
        make_user(session, "admin", email="admin@example.org")
        centre = session.get(Agency, stable_id("agency", "ct-renacer-talca"))
        make_user(session, "staff", email="staff@example.org", agency=centre)
        session.commit()
    return shipped_app


def _client(app: Flask, who: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, f"{who}@example.org").status_code == 302
    return client


def _text(html: str) -> str:
    """The page's words, one space apart; a change line reads "Quota: none → 12"."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([:,.])", r"\1", words).replace("→ changed to ", "→ ")


def _slugs(html: str) -> list[str]:
    return re.findall(r'data-agreement="([^"]+)"', html)


def _total(html: str) -> int:
    found = re.search(r'data-total="(\d+)"', html)
    assert found, "no count on the page"
    return int(found.group(1))


def _id(app: Flask, table: Any, slug: str) -> str:
    with app_session(app) as session:
        return str(session.exec(select(table.id).where(table.slug == slug)).one())


def _version(app: Flask, slug: str) -> int:
    with app_session(app) as session:
        return int(session.exec(select(Agreement.version).where(Agreement.slug == slug)).one())


# -- the list ---------------------------------------------------------------------------


def test_the_list_is_readable_not_a_table_of_codes(agreements_app: Flask) -> None:
    client = _client(agreements_app, "national")
    response = client.get(LIST, headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _total(html) == 102
    assert len(_slugs(html)) == 25  # one page
    assert 'rel="next"' in html and "Page 1 of 5" in html
    text = _text(html)
    assert "Priority access" in text and "Referral protocol" in text
    for code in ("priority_access", "reserved_quota", "referral_protocol", "referrer"):
        assert code not in text
    assert re.search(r"from [A-Z][a-z]+ \d+, 20\d\d to [A-Z][a-z]+ \d+, 20\d\d", text)
    assert "(Referrer (its participants benefit))" in text
    second = client.get(LIST + "?page=2", headers=EN).get_data(as_text=True)
    assert not set(_slugs(second)) & set(_slugs(html))


FILTERS = [
    ("region=7", lambda s: len(s) == 10 and OMIL in s),
    ("region=national", lambda s: s == [NATIONAL]),
    ("kind=financial_cooperation&region=7", lambda s: s == ["conv-sence-fomil-talca"]),
    ("domain=housing&region=7", lambda s: "conv-pai-curico-serviu-maule" in s),
    ("q=OMIL&region=7", lambda s: OMIL in s and "conv-pai-curico-opd" not in s),
    ("status=upcoming", lambda s: s == ["conv-austral-caj-orientacion"]),
    ("status=active&region=7", lambda s: len(s) == 10),
    ("expiring=3650&region=7", lambda s: "conv-renacer-cosam-patologia-dual" not in s),
    ("expiring=250&region=7", lambda s: s == ["conv-renacer-hogar-de-cristo-empleo"]),
]


@pytest.mark.parametrize(("query", "check"), FILTERS, ids=[q for q, _ in FILTERS])
def test_list_filters(agreements_app: Flask, query: str, check: Any) -> None:
    client = _client(agreements_app, "national")
    response = client.get(f"{LIST}?{query}", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert check(_slugs(html)), _slugs(html)
    assert " open>" in html or "open" in html.split('id="filters"', 1)[1].split(">", 1)[0]


def test_party_filter_and_expired_status(agreements_app: Flask) -> None:
    renacer = stable_id("agency", "ct-renacer-talca")
    client = _client(agreements_app, "national")
    slugs = _slugs(client.get(f"{LIST}?party={renacer}").get_data(as_text=True))
    assert OMIL in slugs and "conv-pai-curico-opd" not in slugs
    with app_session(agreements_app) as session:
        row = session.exec(select(Agreement).where(Agreement.slug == OMIL)).one()
        row.valid_to = date(2026, 5, 31)  # ended yesterday: expired, stored "active"
        session.add(row)
        session.commit()
    html = client.get(f"{LIST}?status=expired", headers=EN).get_data(as_text=True)
    assert OMIL in _slugs(html) and 'data-status="expired"' in html and "Expired" in html


@pytest.mark.parametrize("query", ["expiring=abc", "expiring=0", "kind=nope", "page=zz"])
def test_bad_filters_are_messages_not_errors(agreements_app: Flask, query: str) -> None:
    client = _client(agreements_app, "national")
    response = client.get(f"{LIST}?{query}", headers=EN)
    if query == "page=zz":
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)


def test_regional_coordinators_see_their_region_and_national_ones(agreements_app: Flask) -> None:
    html = _client(agreements_app, "maule").get(LIST + "?page=1").get_data(as_text=True)
    assert _total(html) == 11
    santiago = _client(agreements_app, "santiago").get(LIST).get_data(as_text=True)
    assert _total(santiago) == 21


def test_the_list_and_home_in_spanish(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    home = client.get("/coordinacion/", headers=ES).get_data(as_text=True)
    assert 'href="/coordinacion/convenios"' in home and "Convenios" in home
    assert home.index('id="agreements-heading"') < home.index('id="account-heading"')
    text = _text(client.get(LIST, headers=ES).get_data(as_text=True))
    assert "11 convenios" in text and "Acceso preferente" in text and "Filtros" in text
    detail = _text(
        client.get(f"{LIST}/conv-renacer-hogar-de-cristo-empleo", headers=ES).get_data(as_text=True)
    )
    assert "Historial" in detail and "0 de 6 usados, quedan 6 al año" in detail
    assert "del 15 de enero de 2025 al 15 de enero de 2027" in detail
    form = _text(client.get(f"{LIST}/nuevo", headers=ES).get_data(as_text=True))
    assert "Agregar otra parte" in form and "Guardar el convenio" in form


# -- detail, history ---------------------------------------------------------------------


def test_detail_shows_every_field(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    response = client.get(f"{LIST}/conv-renacer-hogar-de-cristo-empleo", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = _text(html)
    for expected in (
        "Reserved places",
        "In force",
        "from January 15, 2025 to January 15, 2027",
        "0 of 6 used, 6 left per year",
        "Referrer (its participants benefit)",
        "Provider (grants access to its offers)",
        "Title in Spanish",
        "Description in English",
        "History",
    ):
        assert expected in text, expected
    assert 'href="/institucion/ct-renacer-talca"' in html
    assert 'href="/oferta/hogar-de-cristo-empleo-con-apoyo-talca"' in html
    assert 'href="/coordinacion/convenios/conv-renacer-hogar-de-cristo-empleo/editar"' in html
    assert "reserved_quota" not in text


def test_actions_only_for_those_who_may_edit(agreements_app: Flask) -> None:
    maule = _client(agreements_app, "maule")
    national_page = maule.get(f"{LIST}/{NATIONAL}").get_data(as_text=True)
    assert "data-actions" not in national_page and "/editar" not in national_page
    assert maule.get(f"{LIST}/{NATIONAL}/editar").status_code == 403
    assert maule.get(f"{LIST}/{NATIONAL}/suspender").status_code == 403
    admin_page = _client(agreements_app, "admin").get(f"{LIST}/{NATIONAL}")
    assert "data-actions" in admin_page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["", "/editar", "/suspender", "/renovar", "/terminar"])
def test_another_regions_agreement_is_forbidden_unknown_is_not_found(
    agreements_app: Flask, path: str
) -> None:
    santiago = _client(agreements_app, "santiago")
    assert santiago.get(f"{LIST}/{OMIL}{path}").status_code == 403
    assert santiago.get(f"{LIST}/no-such-agreement{path}").status_code == 404
    token = csrf_from(santiago.get(LIST + "/nuevo").get_data(as_text=True))
    if path:
        posted = santiago.post(f"{LIST}/{OMIL}{path}", data={"csrf_token": token, "version": "1"})
        assert posted.status_code == 403


# -- create ------------------------------------------------------------------------------


def _new_form(client: FlaskClient) -> tuple[str, str]:
    html = client.get(f"{LIST}/nuevo", headers=EN).get_data(as_text=True)
    return html, csrf_from(html)


def _valid(app: Flask, token: str, **changes: str) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "action": "save",
        "title_es": TITLE,
        "title_en": "Places on the welding course",
        "kind": "reserved_quota",
        "status": "active",
        "region_code": "7",
        "valid_from": "2026-07-01",
        "valid_to": "2027-06-30",
        "signed_on": "2026-05-20",
        "parties-0-agency_id": stable_id("agency", "ct-renacer-talca"),
        "parties-0-role": "referrer",
        "parties-1-agency_id": stable_id("agency", "muni-talca"),
        "parties-1-role": "provider",
        "parties-1-contact_name": "Marcela Rojas",
        "parties-1-contact_email": "omil@talca.example",
        "parties-2-agency_id": "",
        "parties-2-role": "provider",
        "domains": "training",
        "quota": "5",
        "quota_period": "year",
        "quota_used": "0",
        "document_url": "https://www.talca.example/convenio.pdf",
        "reason": "Firmado en la mesa de mayo",
    }
    data.update(changes)
    return data


def test_create_an_agreement(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    html, token = _new_form(client)
    assert 'name="parties-1-agency_id"' in html  # two rows to start with
    response = client.post(f"{LIST}/nuevo", data=_valid(agreements_app, token), headers=EN)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    location = response.headers["Location"]
    assert location.endswith("/coordinacion/convenios/cupos-en-el-curso-de-soldadura")
    detail = _text(client.get(location, headers=EN).get_data(as_text=True))
    assert "Agreement saved." in detail
    assert "Marcela Rojas" in detail and "0 of 5 used, 5 left per year" in detail
    assert "Agreement created" in detail and "Firmado en la mesa de mayo" in detail


def test_invalid_input_comes_back_with_messages_and_what_was_typed(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    _, token = _new_form(client)
    data = _valid(
        agreements_app,
        token,
        valid_to="2026-01-01",  # before the start
        valid_from="2026-07-01",
        quota="3",
        quota_used="9",
        **{
            "parties-0-agency_id": "",
            "parties-0-role": "provider",
            "parties-1-contact_email": "no",
        },
    )
    data["offer_ids"] = _id(agreements_app, Offer, "hogar-de-cristo-empleo-con-apoyo-talca")
    data["signed_on"] = "31/05/2026"
    response = client.post(f"{LIST}/nuevo", data=data, headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    text = _text(html)
    for message in (
        "The end date must be on or after the start date.",
        "The quota used (9) is more than the quota.",
        "An agreement needs at least two different agencies.",
        "Enter an e-mail address like name@example.cl.",
        "is not provided by a party on the granting side.",
        "Enter a date as YYYY-MM-DD",
    ):
        assert message in text, message
    assert f'value="{TITLE}"' in html
    assert 'value="31/05/2026"' in html and 'value="9"' in html
    assert 'href="#parties-1-contact_email"' in html  # the summary links to the row's field
    assert 'aria-invalid="true"' in html
    with app_session(agreements_app) as session:
        assert session.exec(select(Agreement).where(Agreement.title_es == TITLE)).first() is None


def test_parties_are_added_and_offers_listed_without_javascript(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    _, token = _new_form(client)
    data = _valid(agreements_app, token, action="add_party")
    response = client.post(f"{LIST}/nuevo", data=data, headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="parties-3-agency_id"' in html and 'name="parties-4-agency_id"' not in html
    assert "There is a problem" not in html
    assert "muni-talca-omil-intermediacion" not in html  # ids, not slugs, are the values
    omil_offer = _id(agreements_app, Offer, "muni-talca-omil-intermediacion")
    assert f'value="{omil_offer}"' in html  # the provider's offers to choose from
    with app_session(agreements_app) as session:
        assert session.exec(select(Agreement).where(Agreement.title_es == TITLE)).first() is None


def test_a_regional_coordinator_cannot_create_elsewhere(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    _, token = _new_form(client)
    response = client.post(f"{LIST}/nuevo", data=_valid(agreements_app, token, region_code="13"))
    assert response.status_code == 422
    response = client.post(f"{LIST}/nuevo", data=_valid(agreements_app, token, region_code=""))
    assert response.status_code == 422


# -- edit, changed meanwhile -------------------------------------------------------------


def _edit_data(client: FlaskClient, slug: str) -> dict[str, Any]:
    """The edit form as the browser would send it, unchanged."""
    html = client.get(f"{LIST}/{slug}/editar").get_data(as_text=True)
    data: dict[str, Any] = {"csrf_token": csrf_from(html), "action": "save"}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name not in ("domains", "offer_ids", "status"):
            data[name] = value.replace("&#34;", '"').replace("&amp;", "&")
    for name, value in re.findall(
        r'<input[^>]*checked[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html
    ):
        data.setdefault(f"__list_{name}", []).append(value)
    for name in ("domains", "offer_ids"):
        data[name] = data.pop(f"__list_{name}", [])
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        data[name] = (chosen.group(1) or chosen.group(2)) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip().replace("&#34;", '"').replace("&amp;", "&")
    return data


def test_edit_and_the_public_agency_page_follows(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    data = _edit_data(client, OMIL)
    assert data["version"] == "1"
    data["title_en"] = "Guaranteed OMIL interview for Renacer residents, renewed terms"
    data["quota"], data["quota_period"] = "12", "year"
    response = client.post(f"{LIST}/{OMIL}/editar", data=data, headers=EN)
    assert response.status_code == 303, _text(response.get_data(as_text=True))[:3000]
    detail = _text(client.get(f"{LIST}/{OMIL}", headers=EN).get_data(as_text=True))
    assert "Agreement changed" in detail
    assert "Quota: none → 12" in detail
    assert "renewed terms" in detail
    public = client.get("/institucion/ct-renacer-talca", headers=EN).get_data(as_text=True)
    assert "renewed terms" in public
    assert _version(agreements_app, OMIL) == 2


def test_changed_meanwhile_keeps_the_second_persons_input(agreements_app: Flask) -> None:
    first, second = _client(agreements_app, "maule"), _client(agreements_app, "national")
    mine, theirs = _edit_data(first, OMIL), _edit_data(second, OMIL)
    mine["quota"], mine["quota_period"] = "20", "year"
    assert first.post(f"{LIST}/{OMIL}/editar", data=mine).status_code == 303
    theirs["title_en"] = "The second person's English title"
    response = second.post(f"{LIST}/{OMIL}/editar", data=theirs, headers=EN)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    text = _text(html)
    assert "Someone else saved this agreement meanwhile" in text
    assert "Saved by maule@example.org" in text
    assert 'data-field="quota"' in html and "20" in text
    assert "The second person&#39;s English title" in html or "The second person's English" in html
    assert 'name="version" type="hidden" value="2"' in html or 'value="2"' in html
    theirs["version"] = "2"  # as the re-rendered form carries it
    again = second.post(f"{LIST}/{OMIL}/editar", data=theirs, headers=EN)
    assert again.status_code == 303
    assert _version(agreements_app, OMIL) == 3


# -- status actions, renewal -------------------------------------------------------------


def _confirm(client: FlaskClient, slug: str, path: str, **extra: str) -> Any:
    page = client.get(f"{LIST}/{slug}/{path}", headers=EN)
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    assert version
    data = {"csrf_token": csrf_from(html), "version": version.group(1), **extra}
    return client.post(f"{LIST}/{slug}/{path}", data=data, headers=EN)


def test_suspend_reactivate_and_end(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    assert (
        _confirm(client, OMIL, "suspender", reason="La OMIL cambia de oficina").status_code == 303
    )
    detail = _text(client.get(f"{LIST}/{OMIL}", headers=EN).get_data(as_text=True))
    assert "Agreement suspended." in detail and "La OMIL cambia de oficina" in detail
    assert "Status: In force → Suspended" in detail
    refused = client.get(f"{LIST}/{OMIL}/suspender", headers=EN)
    assert refused.status_code == 409 and "data-refusal" in refused.get_data(as_text=True)
    assert _confirm(client, OMIL, "reactivar").status_code == 303
    assert _confirm(client, OMIL, "terminar").status_code == 303
    ended = client.get(f"{LIST}/{OMIL}", headers=EN).get_data(as_text=True)
    assert 'data-status="ended"' in ended and "/renovar" not in ended
    assert client.get(f"{LIST}/{OMIL}/terminar").status_code == 409


def test_a_stale_confirmation_shows_what_changed(agreements_app: Flask) -> None:
    first, second = _client(agreements_app, "maule"), _client(agreements_app, "national")
    html = second.get(f"{LIST}/{OMIL}/suspender").get_data(as_text=True)
    stale = {"csrf_token": csrf_from(html), "version": "1"}
    assert _confirm(first, OMIL, "suspender").status_code == 303
    response = second.post(f"{LIST}/{OMIL}/suspender", data=stale, headers=EN)
    assert response.status_code == 409
    assert "Someone else saved this agreement meanwhile" in _text(response.get_data(as_text=True))


def test_renew_keeps_the_old_period_linked(agreements_app: Flask) -> None:
    client = _client(agreements_app, "maule")
    slug = "conv-renacer-hogar-de-cristo-empleo"
    form = client.get(f"{LIST}/{slug}/renovar", headers=EN).get_data(as_text=True)
    assert 'value="2027-01-16"' in form  # the day after it ends
    response = _confirm(
        client,
        slug,
        "renovar",
        valid_from="2027-01-16",
        valid_to="2029-01-15",
        quota="8",
        quota_period="year",
    )
    assert response.status_code == 303
    new = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Agreement renewed" in new and "0 of 8 used, 8 left per year" in _text(new)
    assert f'href="/coordinacion/convenios/{slug}"' in new and "data-renews" in new
    old = client.get(f"{LIST}/{slug}", headers=EN).get_data(as_text=True)
    assert (
        "data-renewed-by" in old
        and "/renovar" not in old.split("data-actions", 1)[1].split("</nav>")[0]
    )
    invalid = _confirm(client, "conv-renacer-omil-talca", "renovar", valid_from="2020-01-01")
    assert invalid.status_code == 422
    assert "The new period must start after the current one starts." in _text(
        invalid.get_data(as_text=True)
    )
