"""Synthetic catalogues of 1,000 / 10,000 / 100,000 offers with realistic Spanish text.

Deterministic (seeded), built from the real regions, communes and taxonomy shipped in
``directory_data``. Each offer gets a Spanish name and description composed from
domain-specific phrase pools (trades, housing programmes, schooling, benefits, self-help
groups...), eligibility and how-to-apply text, an English name and, for a quarter of the
offers, an English description; a scope (national 15 %, regional 40 %, communal 45 %),
populations, languages, cost and a verification date.

Use :func:`generate` for plain :class:`~enlace.search.documents.OfferRecord` values (what
the index is built from) and :func:`insert_catalogue` to write the same catalogue into a
database with bulk inserts, for the rebuild-from-database benchmark.
"""

from __future__ import annotations

import csv
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from enlace.search.documents import AgencyRecord, OfferRecord

DATA_DIR = Path(__file__).resolve().parent.parent / "directory_data"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
SEED = 20_240_601
NAMESPACE = uuid.UUID("0c9a3c9e-7d43-4f3e-9c1b-5e3d2b7a6f10")

TRADES = [
    ("soldadura", "welding"),
    ("gasfitería", "plumbing"),
    ("electricidad domiciliaria", "home electrical work"),
    ("carpintería", "carpentry"),
    ("cocina", "cooking"),
    ("panadería", "baking"),
    ("repostería", "pastry making"),
    ("peluquería", "hairdressing"),
    ("mecánica automotriz", "car mechanics"),
    ("computación básica", "basic computing"),
    ("operación de grúa horquilla", "forklift operation"),
    ("bodega y logística", "warehouse and logistics"),
    ("atención de clientes", "customer service"),
    ("construcción", "construction"),
    ("pintura de interiores", "interior painting"),
    ("instalación de cerámica", "tiling"),
    ("jardinería", "gardening"),
    ("cuidado de personas mayores", "elderly care"),
    ("barbería", "barbering"),
    ("costura industrial", "industrial sewing"),
]
PROGRAMMES: dict[str, list[tuple[str, str]]] = {
    "employment": [
        ("Intermediación laboral", "Job placement"),
        ("Bolsa de empleo", "Job board"),
        ("Apresto laboral", "Job readiness"),
        ("Empleo con apoyo", "Supported employment"),
        ("Capital semilla para emprender", "Seed capital for a small business"),
        ("Subsidio al empleo", "Hiring subsidy"),
    ],
    "training": [
        ("Curso de {trade}", "{trade_en} course"),
        ("Taller de {trade}", "{trade_en} workshop"),
    ],
    "education": [
        ("Nivelación de estudios básica y media", "Primary and secondary school completion"),
        ("Preparación de exámenes libres", "Exam preparation for school completion"),
        ("Alfabetización para adultos", "Adult literacy"),
        ("Becas de educación superior", "Higher education grants"),
        ("Reforzamiento escolar", "School tutoring"),
    ],
    "housing": [
        ("Subsidio de arriendo", "Rental subsidy"),
        ("Subsidio para la vivienda propia", "Home-ownership subsidy"),
        ("Vivienda con apoyo", "Supported housing"),
        ("Albergue y hospedería", "Shelter"),
        ("Mejoramiento de la vivienda", "Home repair"),
    ],
    "income": [
        ("Bono de apoyo familiar", "Family support payment"),
        ("Registro Social de Hogares", "Social household registry"),
        ("Pensión Garantizada Universal", "Universal guaranteed pension"),
        ("Educación financiera y deudas", "Financial education and debt"),
        ("Caja de alimentos", "Food box"),
        ("Apoyo para el transporte", "Transport support"),
    ],
    "health": [
        ("Atención primaria en el CESFAM", "Primary care at the family health centre"),
        ("Salud mental comunitaria", "Community mental health"),
        ("Continuidad del tratamiento de consumo", "Addiction treatment continuity"),
        ("Atención dental", "Dental care"),
        ("Ayudas técnicas", "Assistive devices"),
    ],
    "family": [
        ("Taller de parentalidad", "Parenting workshop"),
        ("Mediación familiar", "Family mediation"),
        ("Atención en violencia intrafamiliar", "Domestic violence support"),
        ("Apoyo a cuidadoras", "Support for carers"),
    ],
    "social_support": [
        ("Grupo de autoayuda", "Self-help group"),
        ("Acompañamiento de pares", "Peer support"),
        ("Fono de ayuda", "Helpline"),
        ("Acompañamiento psicosocial", "Psychosocial case management"),
    ],
    "participation": [
        ("Escuela de fútbol", "Football school"),
        ("Taller de teatro", "Theatre workshop"),
        ("Voluntariado comunitario", "Community volunteering"),
    ],
    "justice": [
        ("Asesoría jurídica gratuita", "Free legal aid"),
        ("Eliminación de antecedentes", "Criminal record expungement"),
        ("Reinserción postpenitenciaria", "Post-prison reentry"),
        ("Mediación vecinal", "Neighbourhood mediation"),
    ],
    "documentation": [
        ("Cédula de identidad", "Identity card"),
        ("Certificados y trámites", "Certificates and paperwork"),
        ("Regularización migratoria", "Migration status"),
    ],
    "childcare": [
        ("Sala cuna y jardín infantil", "Nursery and kindergarten"),
        ("Cuidado después de la escuela", "After-school care"),
        ("Protección de la infancia", "Child protection"),
    ],
}
OPENINGS = [
    "Programa {kind} que {verb} a {who} de {place}",
    "Servicio gratuito de {agency} que {verb} a {who}",
    "Iniciativa {kind} pensada para {who} que viven en {place}",
    "Atención personalizada que {verb} a {who} durante {months} meses",
]
VERBS = ["apoya", "acompaña", "orienta", "capacita", "ayuda", "atiende", "asesora"]
KINDS_ADJ = ["comunal", "regional", "municipal", "comunitario", "nacional", "integral"]
WHO = [
    "personas en tratamiento por consumo de drogas",
    "mujeres jefas de hogar",
    "jóvenes entre 18 y 29 años",
    "personas mayores",
    "personas con antecedentes penales",
    "familias del Registro Social de Hogares",
    "personas migrantes",
    "personas en situación de calle",
    "madres y padres de niños pequeños",
    "personas con discapacidad",
]
DETAILS = {
    "employment": [
        "Incluye apoyo para preparar el currículum y practicar entrevistas de trabajo.",
        "Se coordinan vacantes con empresas de la comuna y se hace seguimiento del empleo.",
        "Se entrega información sobre derechos laborales, contratos y cotizaciones.",
    ],
    "training": [
        "El curso dura entre 120 y 300 horas con práctica en taller y certificación.",
        "Las clases son vespertinas y se entrega subsidio de movilización y colación.",
        "Al terminar se obtiene un certificado reconocido por el SENCE.",
    ],
    "education": [
        "Las clases son en horario vespertino y permiten completar dos niveles por año.",
        "Se prepara a los estudiantes para rendir exámenes libres de validación de estudios.",
        "Incluye materiales gratuitos y tutorías personalizadas.",
    ],
    "housing": [
        "El subsidio cubre parte del arriendo mensual durante un máximo de ocho años.",
        "Se acompaña la postulación y se orienta sobre el ahorro mínimo requerido.",
        "Ofrece cama, alimentación y acompañamiento social durante la noche.",
    ],
    "income": [
        "El aporte se paga mensualmente y no es necesario postular nuevamente cada año.",
        "Se ayuda a actualizar la información del Registro Social de Hogares.",
        "Incluye talleres sobre presupuesto familiar y renegociación de deudas.",
    ],
    "health": [
        "La atención es gratuita para personas inscritas en FONASA.",
        "Un equipo de psicólogos y trabajadores sociales realiza el seguimiento.",
        "Se entregan horas de atención en el centro de salud más cercano.",
    ],
    "family": [
        "Las sesiones son grupales y se realizan una vez por semana.",
        "Se ofrece orientación para resolver conflictos familiares sin violencia.",
        "Incluye cuidado infantil durante los talleres.",
    ],
    "social_support": [
        "Las reuniones son semanales y abiertas a quien quiera participar.",
        "Un par con experiencia acompaña el proceso de recuperación.",
        "La línea atiende las 24 horas de forma confidencial.",
    ],
    "participation": [
        "Las actividades son gratuitas y se realizan los fines de semana.",
        "Se promueve la participación en organizaciones sociales del barrio.",
    ],
    "justice": [
        "Abogados y estudiantes de derecho atienden casos de familia, laborales y penales.",
        "Se orienta sobre el trámite de eliminación de antecedentes del Decreto Ley 409.",
        "Se acompaña el regreso a la comunidad después del cumplimiento de condena.",
    ],
    "documentation": [
        "Se ayuda a sacar la cédula de identidad y los certificados necesarios.",
        "Se orienta sobre visas, permisos de residencia y trámites de extranjería.",
    ],
    "childcare": [
        "Atiende a niños y niñas desde los 84 días hasta los cuatro años.",
        "Incluye alimentación y actividades educativas en jornada extendida.",
    ],
}
ELIGIBILITY = [
    "Tener 18 años o más y estar inscrito en el Registro Social de Hogares.",
    "Pertenecer al 60 % más vulnerable según el Registro Social de Hogares.",
    "Estar en tratamiento o haber egresado de un programa de tratamiento.",
    "Vivir en la comuna y presentar cédula de identidad vigente.",
    "No tener requisitos de ingreso; basta con acercarse al centro.",
]
APPLICATION = [
    "Postula en línea o acércate a la oficina municipal con tu cédula de identidad.",
    "Pide una hora por teléfono y lleva tu certificado de residencia.",
    "La derivación la hace el equipo de tu centro de tratamiento.",
    "Preséntate directamente en el horario de atención.",
]
AGENCY_FORMS = [
    "Municipalidad de {commune}",
    "OMIL {commune}",
    "Fundación {surname}",
    "Corporación {surname}",
    "Centro Comunitario {commune}",
    "ONG {surname} Solidaria",
    "Centro de Tratamiento {surname}",
]
SURNAMES = [
    "Esperanza",
    "Nuevo Camino",
    "San José",
    "Las Acacias",
    "Renacer",
    "Manos Unidas",
    "El Roble",
    "Santa Clara",
    "Amanecer",
    "Los Andes",
    "Paso a Paso",
    "Vida Nueva",
]
POPULATIONS = [
    "general",
    "people-in-treatment",
    "women",
    "youth",
    "older-adults",
    "migrants",
    "people-with-criminal-record",
    "homeless",
    "parents",
    "people-with-disabilities",
]
SECTORS = ["public", "ngo", "private", "treatment_centre"]


@dataclass
class Reference:
    regions: dict[str, str]
    communes: list[tuple[str, str, str]]  # code, name, region
    domains: dict[str, tuple[str, str]]
    categories: dict[str, list[tuple[str, str, str]]]  # domain -> (code, es, en)


def load_reference(data_dir: Path = DATA_DIR) -> Reference:
    regions: dict[str, str] = {}
    communes: list[tuple[str, str, str]] = []
    with (data_dir / "geo" / "chile-communes-cut2018.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            regions[row["region_code"]] = row["region_name"]
            communes.append((row["commune_code"], row["commune_name"], row["region_code"]))
    taxonomy = json.loads((data_dir / "taxonomy" / "need-domains.json").read_text("utf-8"))
    domains = {d["code"]: (d["name"]["es"], d["name"]["en"]) for d in taxonomy["domains"]}
    categories = {
        d["code"]: [(c["code"], c["name"]["es"], c["name"]["en"]) for c in d["categories"]]
        for d in taxonomy["domains"]
    }
    return Reference(regions, communes, domains, categories)


def _id(kind: str, number: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{number}"))


def generate_agencies(
    count: int, ref: Reference, rng: random.Random
) -> list[tuple[AgencyRecord, str, str]]:
    """(agency, sector, commune code) triples."""
    agencies = []
    for number in range(count):
        code, commune, _region = rng.choice(ref.communes)
        name = rng.choice(AGENCY_FORMS).format(commune=commune, surname=rng.choice(SURNAMES))
        record = AgencyRecord(
            _id("agency", number), f"agencia-{number}", name, None, None, "active"
        )
        agencies.append((record, rng.choice(SECTORS), code))
    return agencies


def generate(
    size: int, seed: int = SEED, ref: Reference | None = None
) -> tuple[list[OfferRecord], list[AgencyRecord]]:
    """``size`` offers and ``size // 10`` agencies, the same for the same seed."""
    ref = ref or load_reference()
    rng = random.Random(seed + size)
    agencies = generate_agencies(max(1, size // 10), ref, rng)
    offers = [_offer(number, ref, rng, agencies) for number in range(size)]
    return offers, [a for a, _s, _c in agencies]


def _offer(
    number: int, ref: Reference, rng: random.Random, agencies: list[tuple[AgencyRecord, str, str]]
) -> OfferRecord:
    agency, sector, agency_commune = rng.choice(agencies)
    domain = rng.choice(list(PROGRAMMES))
    trade, trade_en = rng.choice(TRADES)
    template_es, template_en = rng.choice(PROGRAMMES[domain])
    name_es = template_es.format(trade=trade)
    name_en = template_en.format(trade_en=trade_en.capitalize())
    commune_code, commune, region = next(c for c in ref.communes if c[0] == agency_commune)
    if rng.random() < 0.5:
        name_es = f"{name_es} en {commune}"
        name_en = f"{name_en} in {commune}"
    roll = rng.random()
    scope = "national" if roll < 0.15 else "regional" if roll < 0.55 else "communal"
    opening = rng.choice(OPENINGS).format(
        kind=rng.choice(KINDS_ADJ),
        verb=rng.choice(VERBS),
        who=rng.choice(WHO),
        place=commune,
        agency=agency.name_es,
        months=rng.randint(3, 12),
    )
    details = rng.sample(DETAILS[domain], k=min(2, len(DETAILS[domain])))
    description = f"{opening}. " + " ".join(details)
    if domain == "training":
        description += f" Se enseña {trade} con énfasis en la práctica."
    category = rng.choice(ref.categories[domain])
    second = rng.choice(list(PROGRAMMES)) if rng.random() < 0.3 else None
    domains = sorted({domain, second} - {None})  # type: ignore[arg-type]
    area_regions: list[str] = []
    area_communes: list[str] = []
    wide: list[str] = []
    if scope == "regional":
        area_regions = [region]
        wide = [region]
    elif scope == "communal":
        area_communes = [commune_code]
        area_regions = [region]
    topics = [ref.domains[d] for d in domains] + [(category[1], category[2])]
    populations = sorted(set(rng.sample(POPULATIONS, k=rng.randint(1, 3))))
    return OfferRecord(
        id=_id("offer", number),
        slug=f"oferta-{number}",
        agency_id=agency.id,
        name_es=name_es,
        name_en=name_en,
        description_es=description,
        description_en=f"{name_en}: a service for people in {commune}."
        if rng.random() < 0.25
        else None,
        eligibility_es=rng.choice(ELIGIBILITY),
        application_es=rng.choice(APPLICATION),
        kind=rng.choice(["benefit", "course", "programme", "service", "group"]),
        status="active" if rng.random() < 0.95 else "inactive",
        scope=scope,
        is_free=rng.random() < 0.85,
        languages=["es"] if rng.random() < 0.9 else ["es", "en"],
        populations=populations,
        assured_date=date(2025, 1, 1) + timedelta(days=rng.randint(0, 540)),
        agency_names=[agency.name_es],
        agency_sector=sector,
        domains=domains,
        categories=[category[0]],
        area_regions=area_regions,
        area_communes=area_communes,
        wide_regions=wide,
        location_regions=[region],
        location_communes=[commune_code],
        topic_es=[t[0] for t in topics],
        topic_en=[t[1] for t in topics],
        place_names=sorted({commune, ref.regions[region]}),
    )


def iter_rows(
    offers: list[OfferRecord], agencies: list[AgencyRecord], sectors: dict[str, str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) pairs for a bulk insert of the generated catalogue."""
    for agency in agencies:
        yield (
            "agency",
            {
                "id": agency.id,
                "slug": agency.slug,
                "name_es": agency.name_es,
                "description_es": "",
                "sector": sectors.get(agency.id, "public"),
                "level": "communal",
                "status": "active",
                "origin": "import",
            },
        )
    for offer in offers:
        yield (
            "offer",
            {
                "id": offer.id,
                "slug": offer.slug,
                "agency_id": offer.agency_id,
                "name_es": offer.name_es,
                "name_en": offer.name_en,
                "description_es": offer.description_es,
                "description_en": offer.description_en,
                "eligibility_es": offer.eligibility_es,
                "application_es": offer.application_es,
                "kind": offer.kind,
                "status": offer.status,
                "scope": offer.scope,
                "is_free": offer.is_free,
                "languages": list(offer.languages),
                "populations": list(offer.populations),
                "assured_date": offer.assured_date,
                "origin": "import",
            },
        )
        for domain in offer.domains:
            yield "offer_domain", {"offer_id": offer.id, "domain": domain, "role": "primary"}
        for category in offer.categories:
            yield "offer_category", {"offer_id": offer.id, "term_code": category}
        for position, region in enumerate(offer.wide_regions):
            yield (
                "offer_area",
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"area:{offer.id}:r{region}")),
                    "offer_id": offer.id,
                    "region_code": region,
                    "commune_code": None,
                    "position": position,
                },
            )
        for position, commune in enumerate(offer.area_communes):
            yield (
                "offer_area",
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"area:{offer.id}:{commune}")),
                    "offer_id": offer.id,
                    "region_code": commune[:-3],
                    "commune_code": commune,
                    "position": position,
                },
            )


def insert_catalogue(engine: Engine, size: int, seed: int = SEED) -> int:
    """Write a generated catalogue into an empty database (schema and reference tables
    already loaded) with bulk inserts; returns the number of offers."""
    ref = load_reference()
    rng = random.Random(seed + size)
    agency_rows = generate_agencies(max(1, size // 10), ref, rng)
    offers = [_offer(number, ref, rng, agency_rows) for number in range(size)]
    agencies = [a for a, _s, _c in agency_rows]
    sectors = {a.id: sector for a, sector, _c in agency_rows}
    tables = SQLModel.metadata.tables
    batches: dict[str, list[dict[str, Any]]] = {}
    for table, row in iter_rows(offers, agencies, sectors):
        batches.setdefault(table, []).append(row)
    with engine.begin() as connection:
        for table in ("agency", "offer", "offer_domain", "offer_category", "offer_area"):
            rows = batches.get(table, [])
            for start in range(0, len(rows), 5000):
                connection.execute(insert(tables[table]), rows[start : start + 5000])
    return len(offers)
