"""A small directory written by someone else: plain HSDS 3.0, Open Eligibility terms,
Chilean addresses as people type them, no Enlace profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from enlace.exchange.hsds import write_json, write_tabular

ORG = "5a1f0000-0000-4000-8000-000000000001"
LOC = "5a1f0000-0000-4000-8000-000000000002"
COURSE = "5a1f0000-0000-4000-8000-000000000003"
OTHER = "5a1f0000-0000-4000-8000-000000000004"


def _id(n: int) -> str:
    return f"5a1f0000-0000-4000-8000-{n:012d}"


def _link(n: int, target: str, entity: str, term: int) -> dict[str, Any]:
    return {"id": _id(n), "link_id": target, "link_entity": entity, "taxonomy_term_id": _id(term)}


def foreign_dataset(**overrides: Any) -> dict[str, list[dict[str, Any]]]:
    dataset: dict[str, list[dict[str, Any]]] = {
        "organizations": [
            {
                "id": ORG,
                "name": "Ilustre Municipalidad de Talca",
                "description": "Municipio.",
                "tax_id": "69.110.400-4",
            },
        ],
        "locations": [
            {
                "id": LOC,
                "location_type": "physical",
                "organization_id": ORG,
                "name": "Edificio consistorial",
            },
        ],
        "addresses": [
            {
                "id": _id(10),
                "location_id": LOC,
                "address_1": "1 Poniente 1150",
                "city": "Talca",
                "state_province": "Región del Maule",
                "postal_code": "",
                "country": "CL",
                "address_type": "physical",
            },
        ],
        "services": [
            {
                "id": COURSE,
                "organization_id": ORG,
                "name": "Curso de computación para adultos",
                "description": "Curso gratuito.",
                "status": "active",
                "minimum_age": 18,
                "maximum_age": 65,
            },
            {
                "id": OTHER,
                "organization_id": ORG,
                "name": "Oficina de la vivienda",
                "status": "active",
            },
        ],
        "service_at_locations": [{"id": _id(20), "service_id": COURSE, "location_id": LOC}],
        "service_areas": [
            {"id": _id(30), "service_id": COURSE, "name": "Región del Maule"},
            {"id": _id(31), "service_id": OTHER, "name": "Atlantis"},
        ],
        "languages": [{"id": _id(40), "service_id": COURSE, "name": "Spanish"}],
        "cost_options": [{"id": _id(50), "service_id": COURSE, "amount": 0, "currency": "CLP"}],
        "taxonomy_terms": [
            {
                "id": _id(60),
                "code": "1358",
                "name": "Job Placement",
                "description": "",
                "taxonomy": "Open Eligibility",
            },
            {
                "id": _id(61),
                "name": "Computer Class",
                "description": "",
                "taxonomy": "Open Eligibility",
            },
            {"id": _id(62), "code": "X-77", "name": "Trámites municipales", "description": ""},
            {"id": _id(63), "name": "Vivienda", "description": ""},
        ],
        "attributes": [
            _link(70, COURSE, "service", 61),
            _link(71, COURSE, "service", 60),
            _link(72, OTHER, "service", 62),
            _link(73, OTHER, "service", 63),
            _link(74, LOC, "location", 62),
        ],
    }
    dataset.update(overrides)
    return dataset


def write(dataset: dict[str, list[dict[str, Any]]], directory: Path, form: str) -> Path:
    (write_json if form == "json" else write_tabular)(dataset, directory)
    return directory
