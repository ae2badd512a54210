"""The catalogue pages: list, edit an offer (bad input keeps what was typed, changed
meanwhile, search follows at once), the rule builder without JavaScript, new records with
the duplicate check, history and restore, region scope."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from enlace.accounts.models import AuditEntry
from enlace.catalogue.models import Agency, Offer
from enlace.stewardship import service
from enlace.stewardship.records import offer_snapshot
from tests.accounts_factories import app_session, csrf_from, make_user, sign_in

EN = {"Accept-Language": "en"}


@pytest.fixture
def steward_app(shipped_app: Flask) -> Flask:
    with app_session(shipped_app) as session:
        make_user(session, "coordinator", email="maule@example.org", region_code="7")
        make_user(session, "coordinator", email="santiago@example.org", region_code="13")
        make_user(session, "admin", email="admin@example.org")
        session.commit()
    return shipped_app


def _client(app: Flask, who: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, f"{who}@example.org").status_code == 302
    return client


def _maule_offer(app: Flask) -> Offer:
    with app_session(app) as session:
        for offer in session.exec(select(Offer).order_by(Offer.slug)):
            if service.region_of(session, offer) == "7":
                session.expunge(offer)
                return offer
    raise AssertionError("no offer in Maule")


def _form(html: str) -> dict[str, object]:
    """The form's current values, as a browser would send them."""
    data: dict[str, object] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if ('type="checkbox"' in tag or 'type="radio"' in tag) and "checked" not in tag:
            continue
        text = value.group(1) if value else ""
        key = name.group(1)
        data.setdefault(key, [])
        data[key].append(text.replace("&#34;", '"').replace("&amp;", "&"))  # type: ignore[attr-defined]
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = [body.strip().replace("&amp;", "&")]
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        if chosen:
            data[name] = [chosen.group(1) or chosen.group(2)]
    return data


def test_edit_an_offer_search_finds_it_at_once(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    client = _client(steward_app, "maule")
    url = f"/coordinacion/catalogo/ofertas/{offer.slug}/editar"
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    data = _form(page.get_data(as_text=True))
    data["name_es"] = ["Taller zorzalito de carpintería"]
    data["save"] = ["Save"]
    saved = client.post(url, data=data, headers=EN)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    results = client.get("/buscar?q=zorzalito", headers=EN).get_data(as_text=True)
    assert offer.slug in results


def test_bad_input_keeps_what_was_typed_and_writes_nothing(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    with app_session(steward_app) as session:
        before = offer_snapshot(session.get(Offer, offer.id))  # type: ignore[arg-type]
    client = _client(steward_app, "maule")
    url = f"/coordinacion/catalogo/ofertas/{offer.slug}/editar"
    data = _form(client.get(url).get_data(as_text=True))
    data.update(name_es=[""], name_en=["Typed by hand"], minimum_age=["40"], maximum_age=["20"])
    data["save"] = ["Save"]
    refused = client.post(url, data=data, headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Typed by hand" in html
    assert "The maximum age is below the minimum age." in html
    with app_session(steward_app) as session:
        assert offer_snapshot(session.get(Offer, offer.id)) == before  # type: ignore[arg-type]
        assert not session.exec(select(AuditEntry).where(AuditEntry.target_type == "offer")).first()


def test_the_rule_builder_works_without_javascript(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    client = _client(steward_app, "maule")
    url = f"/coordinacion/catalogo/ofertas/{offer.slug}/editar"
    first = client.get(url).get_data(as_text=True)
    n = max(int(i) for i in re.findall(r'name="rules-(\d+)-attribute"', first))
    data = _form(first)
    data[f"rules-{n}-attribute"] = ["age"]
    data["refresh"] = ["Update the form"]
    step = client.post(url, data=data, headers=EN)
    html = step.get_data(as_text=True)
    assert step.status_code == 200
    assert f'name="rules-{n}-number"' in html
    data = _form(html)
    data.update({f"rules-{n}-operator": ["between"], f"rules-{n}-low": ["18"]})
    data[f"rules-{n}-high"] = ["29"]
    data["refresh"] = ["Update the form"]
    preview = client.post(url, data=data, headers=EN).get_data(as_text=True)
    assert "From 18 to 29 years old" in preview
    assert "De 18 a 29 años" in preview
    data = _form(preview)
    data["save"] = ["Save"]
    assert client.post(url, data=data).status_code == 302
    with app_session(steward_app) as session:
        rule = session.get(Offer, offer.id).rules[n]  # type: ignore[union-attr]
        assert (rule.attribute, rule.operator, rule.value) == ("age", "between", [18, 29])


def test_changed_meanwhile_keeps_the_editors_input(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    first, second = _client(steward_app, "maule"), _client(steward_app, "admin")
    url = f"/coordinacion/catalogo/ofertas/{offer.slug}/editar"
    mine = _form(first.get(url).get_data(as_text=True))
    theirs = _form(second.get(url).get_data(as_text=True))
    theirs["name_en"] = ["Their name"]
    theirs["save"] = ["Save"]
    assert second.post(url, data=theirs).status_code == 302
    mine["name_en"] = ["My name"]
    mine["save"] = ["Save"]
    answer = first.post(url, data=mine, headers=EN)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "data-changed-meanwhile" in html and "My name" in html and "Their name" in html


def test_other_regions_are_refused(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    client = _client(steward_app, "santiago")
    assert client.get(f"/coordinacion/catalogo/ofertas/{offer.slug}/editar").status_code == 403


def test_history_retire_and_restore(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    client = _client(steward_app, "admin")
    history = f"/coordinacion/catalogo/ofertas/{offer.slug}/historial"
    token = csrf_from(client.get(history).get_data(as_text=True))
    retired = client.post(
        f"/coordinacion/catalogo/ofertas/{offer.slug}/retirar",
        data={"csrf_token": token, "version": "1"},
    )
    assert retired.status_code == 302
    assert client.get(f"/ofertas/{offer.slug}").status_code in (404, 410, 200)
    html = client.get(history, headers=EN).get_data(as_text=True)
    assert "Offer retired" in html and "Restore version 1" in html
    restored = client.post(
        f"/coordinacion/catalogo/ofertas/{offer.slug}/restaurar/1",
        data={"csrf_token": token, "version": "2"},
    )
    assert restored.status_code == 302
    with app_session(steward_app) as session:
        assert session.get(Offer, offer.id).status == "active"  # type: ignore[union-attr]


def test_a_new_agency_is_checked_for_duplicates(steward_app: Flask) -> None:
    client = _client(steward_app, "admin")
    with app_session(steward_app) as session:
        existing = session.exec(select(Agency).where(Agency.commune_code.is_not(None))).first()  # type: ignore[union-attr]
        assert existing is not None
        name, commune, region = existing.name_es, existing.commune_code, existing.region_code
    url = "/coordinacion/catalogo/agencias/nueva"
    data = _form(client.get(url).get_data(as_text=True))
    data.update(name_es=[name], sector=["public"], level=["communal"], region_code=[region],
                commune_code=[commune], save=["Save"])  # fmt: skip
    warned = client.post(url, data=data, headers=EN)
    assert warned.status_code == 422
    assert "data-duplicates" in warned.get_data(as_text=True)
    data["confirm_new"] = ["y"]
    assert client.post(url, data=data).status_code == 302


def test_the_list_is_scoped_and_flags_missing_english(steward_app: Flask) -> None:
    client = _client(steward_app, "maule")
    html = client.get("/coordinacion/catalogo", headers=EN).get_data(as_text=True)
    assert 'data-total="' in html
    assert _maule_offer(steward_app).slug in html or "narrow the search" in html


def test_an_agency_edit_keeps_what_was_typed_and_stays_in_the_region(steward_app: Flask) -> None:
    with app_session(steward_app) as session:
        agency = session.exec(select(Agency).where(Agency.region_code == "7")).first()
        assert agency is not None
        slug, before = agency.slug, agency.name_es
    client = _client(steward_app, "maule")
    url = f"/coordinacion/catalogo/agencias/{slug}/editar"
    data = _form(client.get(url).get_data(as_text=True))
    data.update(name_en=["Typed agency name"], website=["not a web address"], save=["Save"])
    refused = client.post(url, data=data, headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Typed agency name" in html and "Write a web address starting with https://." in html
    data.update(website=["https://example.org"], region_code=["13"])
    moved = client.post(url, data=data, headers=EN)
    assert moved.status_code == 422  # a regional coordinator cannot move it out of Maule
    data.update(region_code=["7"])
    assert client.post(url, data=data).status_code == 302
    with app_session(steward_app) as session:
        saved = session.exec(select(Agency).where(Agency.slug == slug)).one()
        assert (saved.name_es, saved.name_en, saved.website) == (
            before,
            "Typed agency name",
            "https://example.org",
        )


def test_a_regional_offer_says_where_it_is_available(steward_app: Flask) -> None:
    offer = _maule_offer(steward_app)
    client = _client(steward_app, "maule")
    url = f"/coordinacion/catalogo/ofertas/{offer.slug}/editar"
    data = _form(client.get(url).get_data(as_text=True))
    for key in [k for k in data if k.startswith("areas-")]:
        data[key] = [""]
    data.update(scope=["regional"], save=["Save"])
    refused = client.post(url, data=data, headers=EN)
    assert refused.status_code == 422
    assert "Say in which regions or communes it is available." in refused.get_data(as_text=True)
    data.update({"areas-0-region_code": ["7"], "areas-0-commune_code": ["13101"]})
    wrong = client.post(url, data=data, headers=EN)
    assert "This commune is not in the chosen region." in wrong.get_data(as_text=True)
    data.update({"areas-0-commune_code": [""]})
    assert client.post(url, data=data).status_code == 302
    with app_session(steward_app) as session:
        saved = session.get(Offer, offer.id)
        assert saved is not None and saved.scope == "regional"
        assert [(a.region_code, a.commune_code) for a in saved.areas] == [("7", None)]


def test_an_imported_offer_saves_unchanged_with_its_rules(steward_app: Flask) -> None:
    """The shipped 'Grupo de egresados Renacer' says ``gender eq male``, which the rule
    builder writes as "is one of: men": opened and saved untouched, it must save, and the
    rule must still admit exactly the same people."""
    client = _client(steward_app, "maule")
    url = "/coordinacion/catalogo/ofertas/ct-renacer-talca-grupo-egresados/editar"
    data = _form(client.get(url, headers=EN).get_data(as_text=True))
    data["save"] = ["Save"]
    saved = client.post(url, data=data, headers=EN)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    with app_session(steward_app) as session:
        offer = session.exec(
            select(Offer).where(Offer.slug == "ct-renacer-talca-grupo-egresados")
        ).one()
        gender = [(r.operator, r.value) for r in offer.rules if r.attribute == "gender"]
    assert gender == [("in", ["male"])]
