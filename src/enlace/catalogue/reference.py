"""Reference tables that ship with Enlace: Chile's regions and communes, the taxonomy."""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path
from typing import Any

from sqlmodel import Session

from enlace.catalogue.places import Commune, Region
from enlace.catalogue.sync import SyncStats, upsert
from enlace.catalogue.taxonomy import ENLACE_TAXONOMY, TaxonomyTerm

NAMESPACE = uuid.UUID("6f1c1b8e-3d0a-4c55-9a57-2f3c5d1e8a41")

#: Regions from north to south, the order Chileans expect in a picker.
REGION_ORDER = (
    "15",
    "1",
    "2",
    "3",
    "4",
    "5",
    "13",
    "6",
    "7",
    "16",
    "8",
    "9",
    "14",
    "10",
    "11",
    "12",
)

COMMUNES_FILE = Path("geo") / "chile-communes-cut2018.csv"
TAXONOMY_FILE = Path("taxonomy") / "need-domains.json"


def stable_id(kind: str, key: str) -> str:
    """A UUID derived from a slug, so shipped records keep their ids across loads."""
    return str(uuid.uuid5(NAMESPACE, f"enlace:{kind}:{key}"))


def read_regions_and_communes(data_dir: Path) -> tuple[list[Region], list[Commune]]:
    regions: dict[str, Region] = {}
    communes: list[Commune] = []
    with (data_dir / COMMUNES_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["region_code"].strip()
            if code not in regions:
                regions[code] = Region(
                    code=code,
                    name=row["region_name"].strip(),
                    abbr=row["region_abbr"].strip(),
                    position=REGION_ORDER.index(code) if code in REGION_ORDER else 99,
                )
            communes.append(
                Commune(
                    code=row["commune_code"].strip(),
                    name=row["commune_name"].strip(),
                    region_code=code,
                    province_code=row["province_code"].strip(),
                    province_name=row["province_name"].strip(),
                )
            )
    return list(regions.values()), communes


def read_taxonomy(data_dir: Path) -> tuple[dict[str, Any], list[TaxonomyTerm]]:
    """The need domains (level 0) and categories (level 1) from ``need-domains.json``."""
    document = json.loads((data_dir / TAXONOMY_FILE).read_text(encoding="utf-8"))
    terms: list[TaxonomyTerm] = []
    for position, domain in enumerate(document["domains"]):
        terms.append(_term(domain, domain["code"], None, 0, position))
        for sub_position, category in enumerate(domain["categories"]):
            terms.append(_term(category, domain["code"], domain["code"], 1, sub_position))
    return document["taxonomy"], terms


def _term(
    raw: dict[str, Any], domain: str, parent: str | None, level: int, position: int
) -> TaxonomyTerm:
    return TaxonomyTerm(
        id=stable_id("taxonomy_term", raw["code"]),
        code=raw["code"],
        taxonomy=ENLACE_TAXONOMY,
        parent_code=parent,
        domain=domain,
        level=level,
        position=position,
        icon=raw.get("icon"),
        name_es=raw["name"]["es"],
        name_en=raw["name"].get("en"),
        description_es=raw["description"]["es"],
        description_en=raw["description"].get("en"),
        open_eligibility=list(raw.get("open_eligibility", [])),
    )


def load_reference(session: Session, data_dir: Path, stats: SyncStats | None = None) -> SyncStats:
    """Upsert regions, communes and the taxonomy (idempotent)."""
    stats = stats or SyncStats()
    regions, communes = read_regions_and_communes(data_dir)
    upsert(session, regions, stats)
    session.flush()
    upsert(session, communes, stats)
    _, terms = read_taxonomy(data_dir)
    upsert(session, terms, stats)
    session.flush()
    return stats
