"""The shipped-catalogue loader: validation with precise errors, idempotence, pruning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.revision import current_revision
from enlace.exchange.authoring import load_shipped
from enlace.network.models import Agreement
from enlace.paths import DIRECTORY_DATA_DIR


def _agency(slug: str, **extra: Any) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": {"es": f"Agencia {slug}", "en": f"Agency {slug}"},
        "description": {"es": "Una agencia.", "en": "An agency."},
        "sector": "public",
        "level": "communal",
        "commune": "7101",
        "locations": [
            {
                "slug": "sede",
                "type": "physical",
                "address": "1 Norte 801",
                "commune": "7101",
                "schedules": [{"days": "MO,TU,WE,TH,FR", "opens": "08:30", "closes": "14:00"}],
            }
        ],
        **extra,
    }


def _offer(slug: str, agency: str, **extra: Any) -> dict[str, Any]:
    return {
        "slug": slug,
        "agency": agency,
        "name": {"es": f"Oferta {slug}", "en": f"Offer {slug}"},
        "description": {"es": "Curso de soldadura.", "en": "Welding course."},
        "kind": "course",
        "status": "active",
        "domains": {"training": "primary", "employment": "secondary"},
        "categories": ["training.trades"],
        "how_to_apply": {"es": "Ven a la oficina.", "en": "Come to the office."},
        "scope": "communal",
        "communes": ["7101"],
        "locations": ["sede"],
        "rules": [{"attribute": "age", "op": "between", "value": [18, 65]}],
        "assured_date": "2026-03-01",
        **extra,
    }


def _write(folder: Path, agencies: list[Any], offers: list[Any], agreements: list[Any]) -> Path:
    for sub in ("agencies", "offers", "agreements"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "agencies" / "a.json").write_text(
        json.dumps({"agencies": agencies}), encoding="utf-8"
    )
    (folder / "offers" / "o.json").write_text(json.dumps({"offers": offers}), encoding="utf-8")
    (folder / "agreements" / "g.json").write_text(
        json.dumps({"agreements": agreements}), encoding="utf-8"
    )
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A tiny catalogue in the authoring format, with the real reference tables."""
    folder = tmp_path / "data"
    for sub in ("schema", "geo", "taxonomy"):
        shutil.copytree(DIRECTORY_DATA_DIR / sub, folder / sub)
    agreement = {
        "slug": "convenio-1",
        "title": {"es": "Convenio", "en": "Agreement"},
        "kind": "priority_access",
        "status": "active",
        "valid_from": "2026-01-01",
        "parties": [
            {"agency": "ct-uno", "role": "referrer"},
            {"agency": "muni-uno", "role": "provider"},
        ],
        "offers": ["muni-uno-soldadura"],
    }
    return _write(
        folder,
        [_agency("muni-uno"), _agency("ct-uno", sector="treatment_centre")],
        [_offer("muni-uno-soldadura", "muni-uno")],
        [agreement],
    )


def _counts(session: Session) -> tuple[int, int, int]:
    return (
        session.exec(select(func.count()).select_from(Agency)).one(),
        session.exec(select(func.count()).select_from(Offer)).one(),
        session.exec(select(func.count()).select_from(Agreement)).one(),
    )


def test_load_builds_the_whole_graph(db_session: Session, data_dir: Path) -> None:
    load_shipped(db_session, data_dir)
    db_session.commit()
    assert _counts(db_session) == (2, 1, 1)
    offer = db_session.exec(select(Offer).where(Offer.slug == "muni-uno-soldadura")).one()
    assert offer.origin == "demo"
    assert offer.domain_codes("primary") == ["training"]
    assert [c.term_code for c in offer.categories] == ["training.trades"]
    assert [(a.region_code, a.commune_code) for a in offer.areas] == [("7", "7101")]
    assert offer.rules[0].value == [18, 65]
    assert offer.offer_locations[0].location.schedules[0].byday == "MO,TU,WE,TH,FR"


def test_second_load_changes_nothing(db_session: Session, data_dir: Path) -> None:
    load_shipped(db_session, data_dir)
    db_session.commit()
    revision = current_revision(db_session)
    stats = load_shipped(db_session, data_dir)
    db_session.commit()
    assert not stats.changed
    assert current_revision(db_session) == revision


def test_an_edit_in_the_files_updates_only_that_record(db_session: Session, data_dir: Path) -> None:
    load_shipped(db_session, data_dir)
    db_session.commit()
    revision = current_revision(db_session)
    offers = json.loads((data_dir / "offers" / "o.json").read_text())
    offers["offers"][0]["description"]["es"] = "Curso de soldadura al arco, 120 horas."
    offers["offers"][0]["rules"].append({"attribute": "rsh_band", "op": "lte", "value": 60})
    (data_dir / "offers" / "o.json").write_text(json.dumps(offers))
    stats = load_shipped(db_session, data_dir)
    db_session.commit()
    assert stats.updated.get("offer") == 1
    assert stats.created.get("eligibility_rule") == 1
    assert current_revision(db_session) == revision + 1
    offer = db_session.exec(select(Offer)).one()
    assert offer.description_es == "Curso de soldadura al arco, 120 horas."


def test_prune_removes_demo_records_gone_from_the_files(
    db_session: Session, data_dir: Path
) -> None:
    load_shipped(db_session, data_dir)
    db_session.commit()
    _write(data_dir, [_agency("muni-uno"), _agency("ct-uno", sector="treatment_centre")], [], [])
    load_shipped(db_session, data_dir, prune=True)
    db_session.commit()
    assert _counts(db_session) == (2, 0, 0)


BAD_CASES = [
    ("broken JSON", "offers/o.json", "{not json", "invalid JSON"),
    (
        "missing field",
        "offers/o.json",
        {"offers": [{**_offer("x", "muni-uno"), "kind": None}]},
        "kind",
    ),
    (
        "unknown agency",
        "offers/o.json",
        {"offers": [_offer("x", "nadie")]},
        "unknown agency 'nadie'",
    ),
    (
        "unknown commune",
        "offers/o.json",
        {"offers": [_offer("x", "muni-uno", communes=["99999"])]},
        "99999",
    ),
    (
        "unknown location",
        "offers/o.json",
        {"offers": [_offer("x", "muni-uno", locations=["otra"])]},
        "otra",
    ),
    (
        "unknown category",
        "offers/o.json",
        {"offers": [_offer("x", "muni-uno", categories=["training.magic"])]},
        "training.magic",
    ),
    (
        "duplicate slug",
        "offers/o.json",
        {"offers": [_offer("x", "muni-uno"), _offer("x", "muni-uno")]},
        "duplicate offer slug",
    ),
    (
        "wrong type",
        "offers/o.json",
        {"offers": [_offer("x", "muni-uno", capacity="veinte")]},
        "capacity",
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "content", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_input_names_file_and_field_and_writes_nothing(
    db_session: Session, data_dir: Path, case: str, file: str, content: Any, expected: str
) -> None:
    load_shipped(db_session, data_dir)
    db_session.commit()
    before = (_counts(db_session), current_revision(db_session))
    target = data_dir / file
    target.write_text(
        content if isinstance(content, str) else json.dumps(content), encoding="utf-8"
    )
    with pytest.raises(CatalogueDataError) as raised:
        load_shipped(db_session, data_dir)
    db_session.rollback()
    message = str(raised.value)
    assert file in message
    assert expected in message
    assert (_counts(db_session), current_revision(db_session)) == before


def test_a_rule_outside_the_vocabulary_is_reported(db_session: Session, data_dir: Path) -> None:
    bad = _offer("x", "muni-uno", rules=[{"attribute": "gender", "op": "eq", "value": "unicorn"}])
    (data_dir / "offers" / "o.json").write_text(json.dumps({"offers": [bad]}), encoding="utf-8")
    with pytest.raises(
        CatalogueDataError, match=r"field 'rules\[0\]': gender has no value 'unicorn'"
    ):
        load_shipped(db_session, data_dir)


def _agreements(data_dir: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data_dir / "agreements" / "g.json").read_text())
    return loaded


def test_a_renewal_contacts_and_quota_used_are_read(db_session: Session, data_dir: Path) -> None:
    document = _agreements(data_dir)
    first = document["agreements"][0]
    first["parties"][1]["contact"] = {"name": "Rosa Díaz", "email": "rosa@muni.example.cl"}
    first.update(quota=10, quota_period="year", quota_used=4, valid_to="2026-12-31")
    renewal = {**first, "slug": "convenio-1-2027", "valid_from": "2027-01-01", "quota_used": 0}
    renewal.pop("valid_to")
    renewal["renews"] = "convenio-1"
    document["agreements"] = [renewal, first]  # the period it renews may come later
    (data_dir / "agreements" / "g.json").write_text(json.dumps(document))
    load_shipped(db_session, data_dir)
    db_session.commit()
    rows = {a.slug: a for a in db_session.exec(select(Agreement))}
    assert rows["convenio-1-2027"].renews_id == rows["convenio-1"].id
    assert rows["convenio-1"].quota_used == 4
    provider = next(p for p in rows["convenio-1"].parties if p.role == "provider")
    assert (provider.contact_name, provider.contact_email) == ("Rosa Díaz", "rosa@muni.example.cl")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"renews": "no-such-agreement"}, "renews"),
        ({"quota": 2, "quota_period": "year", "quota_used": 3}, "quota_used"),
    ],
)
def test_bad_renewals_and_quotas_are_reported(
    db_session: Session, data_dir: Path, change: dict[str, Any], field: str
) -> None:
    document = _agreements(data_dir)
    document["agreements"][0].update(change)
    (data_dir / "agreements" / "g.json").write_text(json.dumps(document))
    with pytest.raises(CatalogueDataError) as caught:
        load_shipped(db_session, data_dir)
    assert [p.field for p in caught.value.problems] == [field]
