"""The network service on the shipped catalogue: memberships loaded, access through a
network, coverage, exports, and the graph cache following the catalogue revision."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from sqlmodel import Session, select

from enlace.catalogue.models import Offer
from enlace.catalogue.reference import stable_id
from enlace.network import service
from enlace.network.models import Agreement, NetworkMembership

ON = date(2026, 6, 1)


def _id(slug: str) -> str:
    return stable_id("agency", slug)


def test_the_shipped_memberships_are_loaded(shipped_session: Session) -> None:
    rows = shipped_session.exec(select(NetworkMembership)).all()
    senda = [m for m in rows if m.network_id == _id("senda")]
    assert len(senda) == 22  # every shipped treatment centre
    assert any(m.network_id == _id("gendarmeria") for m in rows)


def test_a_centre_reaches_sence_training_through_sendas_network(shipped_session: Session) -> None:
    service.clear_cache()
    offer = stable_id("offer", "sence-talentos-digitales")
    centre = _id("ct-renacer-talca")
    access = service.access_for(shipped_session, centre, [offer], ON)[offer]
    assert access.priority
    agreement = shipped_session.exec(
        select(Agreement).where(Agreement.slug == "conv-senda-sence-red-tratamiento")
    ).one()
    assert agreement.id in access.agreements
    assert [step.kind for step in access.path] == ["membership", "agreement"]
    assert access.path[0].target == _id("senda")


def test_a_direct_shipped_agreement_gives_priority(shipped_session: Session) -> None:
    centre = _id("ct-aurora-arica")
    offers = [
        o
        for o, a in service.access_for(
            shipped_session, centre, _muni_offers(shipped_session, "muni-arica"), ON
        ).items()
        if a.priority
    ]
    assert offers  # conv-aurora-omil-arica covers the Arica OMIL's employment offers


def _muni_offers(session: Session, slug: str) -> list[str]:
    return list(session.exec(select(Offer.id).where(Offer.agency_id == _id(slug))))


def test_coverage_summary_and_exports(shipped_session: Session) -> None:
    matrix = service.coverage(shipped_session, ON)
    assert len(matrix.regions) == 16 and len(matrix.domains) == 12
    assert matrix.cell("13", "employment").priority_offers
    assert matrix.gaps()
    one = service.coverage(shipped_session, ON, region="5")
    assert one.regions == ("5",)
    summary = service.network_summary(shipped_session, ON)
    assert summary.analysis.agreements_active > 50
    assert summary.analysis.components
    assert service.network_summary(shipped_session, ON).analysis is summary.analysis
    data = json.loads(service.export_node_link_json(shipped_session, ON, region="5"))
    assert data["nodes"] and data["edges"]
    assert "<graphml" in service.export_graphml(shipped_session, ON)
    rows = list(csv.DictReader(io.StringIO(service.coverage_csv(shipped_session, ON))))
    assert len(rows) == 16 * 12
    assert service.expiring(shipped_session, ON, days=3650)


def test_a_catalogue_write_builds_a_new_graph(shipped_session: Session) -> None:
    service.clear_cache()
    first = service.network_graph(shipped_session, ON)
    assert service.network_graph(shipped_session, ON) is first
    agreement = shipped_session.exec(
        select(Agreement).where(Agreement.slug == "conv-senda-sence-red-tratamiento")
    ).one()
    agreement.status = "suspended"
    shipped_session.add(agreement)
    shipped_session.commit()
    second = service.network_graph(shipped_session, ON)
    assert second is not first
    offer = stable_id("offer", "sence-talentos-digitales")
    access = service.access_for(shipped_session, _id("ct-renacer-talca"), [offer], ON)
    assert agreement.id not in access[offer].agreements


def test_the_shipped_network_has_no_problems(shipped_session: Session) -> None:
    assert service.check(shipped_session, ON) == []
