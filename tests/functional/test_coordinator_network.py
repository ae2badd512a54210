"""The coordinator's network view, coverage heatmap, gaps, watch list and exports, on the
shipped catalogue, through the Flask client."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import networkx as nx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from enlace.network import service
from enlace.web.coordinator import scope
from tests.accounts_factories import app_session, make_user, sign_in

EN = {"Accept-Language": "en"}
ES = {"Accept-Language": "es"}
TODAY = date(2026, 6, 1)
MAULE = "7"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scope, "today", lambda: TODAY)
    service.clear_cache()


@pytest.fixture
def people(shipped_app: Flask) -> Flask:
    with app_session(shipped_app) as session:
        make_user(session, "coordinator", email="maule@example.org", region_code=MAULE)
        make_user(session, "coordinator", email="national@example.org")
        make_user(session, "admin", email="admin@example.org")
        make_user(session, "staff", email="staff@example.org")
        session.commit()
    return shipped_app


def _client(app: Flask, who: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, f"{who}@example.org").status_code == 302
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- the network page (no JavaScript: form + tables) ---------------------------------------


def test_regional_coordinator_sees_own_region_tables_by_default(people: Flask) -> None:
    response = _client(people, "maule").get("/coordinacion/red", headers=ES)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="network-agencies"' in html and 'id="network-agreements"' in html
    assert 'data-agency="ct-renacer-talca"' in html
    assert "/coordinacion/convenios/conv-renacer-omil-talca" in html
    assert "/institucion/ct-renacer-talca" in html
    # readable labels, never codes
    assert "Centro de tratamiento" in html or "Centro de tratamiento".lower() in html.lower()
    assert ">treatment_centre<" not in html and ">priority_access<" not in html
    # the script that enhances it is on this page only
    assert "vendor/cytoscape/cytoscape.min.js" in html


def test_cytoscape_is_loaded_on_the_network_page_only(people: Flask) -> None:
    client = _client(people, "maule")
    for path in ("/coordinacion/", "/coordinacion/cobertura", "/coordinacion/red/vencimientos"):
        assert "cytoscape" not in client.get(path).get_data(as_text=True), path


def test_regional_coordinator_cannot_pick_another_region(people: Flask) -> None:
    client = _client(people, "maule")
    assert client.get("/coordinacion/red?region=13").status_code == 400
    assert client.get("/coordinacion/red/datos?region=13").status_code == 400
    assert client.get("/coordinacion/cobertura/13/housing").status_code == 403
    assert client.get("/coordinacion/red/exportar?region=13").status_code == 400
    assert client.get("/coordinacion/cobertura.csv?region=13").status_code == 400


def test_national_coordinator_is_asked_for_a_region_first(people: Flask) -> None:
    client = _client(people, "national")
    html = client.get("/coordinacion/red", headers=EN).get_data(as_text=True)
    assert 'data-notice="choose"' in html
    assert 'id="network-agencies"' not in html
    body = client.get("/coordinacion/red/datos").get_json()
    assert body["elements"] == {"nodes": [], "edges": []}
    assert body["scoped"] is False and body["message"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("fecha=2026-13-01", "fecha"),
        ("dominio=astrology", "dominio"),
        ("sector=martian", "sector"),
        ("estado=perhaps", "estado"),
    ],
)
def test_bad_filters_come_back_with_messages_keeping_input(
    people: Flask, query: str, field: str
) -> None:
    client = _client(people, "maule")
    response = client.get(f"/coordinacion/red?{query}", headers=EN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html
    assert f'href="#{field}"' in html
    data = client.get(f"/coordinacion/red/datos?{query}", headers=EN)
    assert data.status_code == 400
    assert data.get_json()["error"]["status"] == 400


def test_filters_narrow_the_tables(people: Flask) -> None:
    client = _client(people, "maule")
    everything = client.get("/coordinacion/red/datos?region=7").get_json()
    ngo = client.get("/coordinacion/red/datos?region=7&sector=ngo").get_json()
    housing = client.get("/coordinacion/red/datos?region=7&dominio=housing").get_json()
    assert 0 < ngo["links"] < everything["links"]
    assert housing["links"] < everything["links"]
    for edge in housing["elements"]["edges"]:
        assert edge["data"]["kind"] != "membership"


def test_json_elements_are_cytoscape_ready_and_labelled(people: Flask) -> None:
    body = _client(people, "maule").get("/coordinacion/red/datos", headers=EN).get_json()
    nodes, edges = body["elements"]["nodes"], body["elements"]["edges"]
    assert (
        body["too_many"] is False and len(nodes) == body["agencies"] and len(edges) == body["links"]
    )
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    renacer = next(n["data"] for n in nodes if n["data"]["slug"] == "ct-renacer-talca")
    assert renacer["categoryLabel"] == "Treatment centre"
    assert renacer["href"] == "/institucion/ct-renacer-talca"
    agreement = next(
        e["data"] for e in edges if e["data"].get("href", "").endswith("conv-renacer-omil-talca")
    )
    assert agreement["kindLabel"] and agreement["stateLabel"] and agreement["title"]


def test_json_is_capped_with_a_clear_message(people: Flask) -> None:
    people.config["NETWORK_VIEW_LIMIT"] = 5
    client = _client(people, "maule")
    body = client.get("/coordinacion/red/datos", headers=EN).get_json()
    assert body["too_many"] is True
    assert body["elements"] == {"nodes": [], "edges": []}
    assert "narrow the filter" in body["message"].lower()
    html = client.get("/coordinacion/red", headers=EN).get_data(as_text=True)
    assert 'data-notice="too-many"' in html and 'id="network-agencies"' not in html


def test_neighbourhood_of_an_agency(people: Flask) -> None:
    client = _client(people, "maule")
    body = client.get("/coordinacion/red/datos?agencia=ct-renacer-talca").get_json()
    nodes = {n["data"]["slug"] for n in body["elements"]["nodes"]}
    assert "ct-renacer-talca" in nodes
    renacer = next(
        n["data"]["id"]
        for n in body["elements"]["nodes"]
        if n["data"]["slug"] == "ct-renacer-talca"
    )
    assert all(
        renacer in (e["data"]["source"], e["data"]["target"]) for e in body["elements"]["edges"]
    )
    html = client.get("/coordinacion/red?agencia=no-such-agency", headers=EN).get_data(as_text=True)
    assert 'data-notice="unknown-agency"' in html


# -- exports -------------------------------------------------------------------------------


def test_graphml_export_parses_with_networkx(people: Flask) -> None:
    response = _client(people, "maule").get("/coordinacion/red/exportar?formato=graphml&region=7")
    assert response.status_code == 200
    assert response.content_type.startswith("application/graphml+xml")
    assert 'filename="enlace-red-7-2026-06-01.graphml"' in response.headers["Content-Disposition"]
    graph = nx.parse_graphml(response.get_data(as_text=True), force_multigraph=True)
    assert graph.number_of_edges() > 0
    assert any(d.get("sector") == "treatment_centre" for _, d in graph.nodes(data=True))


def test_json_export_is_node_link_with_the_filter_applied(people: Flask) -> None:
    client = _client(people, "national")
    whole = client.get("/coordinacion/red/exportar?formato=json").get_json()
    maule = client.get("/coordinacion/red/exportar?formato=json&region=7")
    assert maule.content_type.startswith("application/json")
    assert 'filename="enlace-red-7-2026-06-01.json"' in maule.headers["Content-Disposition"]
    data = maule.get_json()
    graph = nx.node_link_graph(data, edges="edges")
    assert 0 < graph.number_of_edges() < len(whole["edges"])
    assert any(e.get("title") for e in data["edges"])


def test_unknown_export_format_is_a_bad_request(people: Flask) -> None:
    assert _client(people, "maule").get("/coordinacion/red/exportar?formato=pdf").status_code == 400


def test_coverage_csv(people: Flask) -> None:
    response = _client(people, "national").get("/coordinacion/cobertura.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert (
        'filename="enlace-cobertura-nacional-2026-06-01.csv"'
        in response.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 16 * 12
    assert {r["region"] for r in rows} >= {"7", "13"}
    maule = _client(people, "maule").get("/coordinacion/cobertura.csv").get_data(as_text=True)
    assert {r["region"] for r in csv.DictReader(io.StringIO(maule))} == {"7"}


# -- coverage --------------------------------------------------------------------------------


def test_heatmap_is_server_svg_with_named_cell_links(people: Flask) -> None:
    response = _client(people, "national").get("/coordinacion/cobertura", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<svg class="heatmap"' in html
    cells = re.findall(r'<a href="(/coordinacion/cobertura/[^"]+)" aria-label="([^"]+)"', html)
    assert len(cells) == 16 * 12
    assert any(
        re.search(r"Maule, Housing: \d+ offers, \d+ with priority", label) for _, label in cells
    )
    assert 'data-gap="true"' in html  # gaps are marked, not by colour alone
    assert 'id="coverage-table"' in html  # the accessible alternative


def test_heatmap_measure_toggle(people: Flask) -> None:
    client = _client(people, "national")
    offers = client.get("/coordinacion/cobertura").get_data(as_text=True)
    priority = client.get("/coordinacion/cobertura?medida=prioridad").get_data(as_text=True)
    count = re.compile(r'data-region="7" data-domain="employment" data-count="(\d+)"')
    found_offers, found_priority = count.search(offers), count.search(priority)
    assert found_offers and found_priority
    assert int(found_priority.group(1)) <= int(found_offers.group(1))
    assert 'data-measure="prioridad"' in priority


def test_regional_coordinator_heatmap_has_their_row(people: Flask) -> None:
    html = _client(people, "maule").get("/coordinacion/cobertura").get_data(as_text=True)
    regions = set(re.findall(r'data-region="(\w+)" data-domain', html))
    assert regions == {MAULE}


def test_cell_page_lists_offers_and_agreements(people: Flask) -> None:
    client = _client(people, "maule")
    response = client.get("/coordinacion/cobertura/7/employment", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Employment in Maule" in _text(html)
    assert 'data-list="priority"' in html
    assert "/coordinacion/convenios/" in html
    assert client.get("/coordinacion/cobertura/7/astrology").status_code == 404
    assert client.get("/coordinacion/cobertura/99/housing").status_code == 404


def test_gaps_page(people: Flask) -> None:
    html = (
        _client(people, "national")
        .get("/coordinacion/cobertura/brechas", headers=EN)
        .get_data(as_text=True)
    )
    assert 'data-list="no-priority"' in html
    assert "/coordinacion/cobertura/" in html


# -- the watch list ----------------------------------------------------------------------------


def test_watch_list_days_from_query_and_config(people: Flask) -> None:
    client = _client(people, "national")
    short = client.get("/coordinacion/red/vencimientos?dias=30", headers=EN).get_data(as_text=True)
    long = client.get("/coordinacion/red/vencimientos?dias=3650", headers=EN).get_data(as_text=True)
    rows = re.compile(r'<tr data-agreement="')
    assert len(rows.findall(short)) <= len(rows.findall(long))
    assert "ending within 30 days" in _text(short)
    people.config["NETWORK_EXPIRING_DAYS"] = 45
    default = client.get("/coordinacion/red/vencimientos", headers=EN).get_data(as_text=True)
    assert "ending within 45 days" in _text(default)
    bad = client.get("/coordinacion/red/vencimientos?dias=0", headers=EN)
    assert bad.status_code == 400 and 'href="#dias"' in bad.get_data(as_text=True)


def test_watch_list_lists_isolated_agencies_and_brokers(people: Flask) -> None:
    html = (
        _client(people, "national")
        .get("/coordinacion/red/vencimientos", headers=EN)
        .get_data(as_text=True)
    )
    assert 'data-list="brokers"' in html
    assert "Agencies with no agreement in force" in html


# -- home, languages, access ----------------------------------------------------------------


def test_home_links_the_network_pages_above_the_account(people: Flask) -> None:
    html = _client(people, "maule").get("/coordinacion/", headers=EN).get_data(as_text=True)
    network = html.index('id="partner-network-heading"')
    assert network < html.index('id="account-heading"')
    for path in ("/coordinacion/red", "/coordinacion/cobertura", "/coordinacion/red/vencimientos"):
        assert f'href="{path}"' in html


@pytest.mark.parametrize(
    ("headers", "title"),
    [(ES, "Red de colaboración"), (EN, "Partner network")],
)
def test_network_page_in_both_languages(people: Flask, headers: dict[str, str], title: str) -> None:
    html = _client(people, "maule").get("/coordinacion/red", headers=headers).get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html


def test_staff_may_not_see_the_network_pages(people: Flask) -> None:
    client = _client(people, "staff")
    for path in ("/coordinacion/red", "/coordinacion/red/datos", "/coordinacion/cobertura"):
        assert client.get(path).status_code == 403


def test_json_data_parses_as_json_without_html(people: Flask) -> None:
    response = _client(people, "admin").get("/coordinacion/red/datos?region=13")
    assert response.content_type.startswith("application/json")
    json.loads(response.get_data(as_text=True))
