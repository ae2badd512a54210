"""A small catalogue that uses every field the HSDS exchange carries, built in code.

The shipped demo catalogue is edited by other people and may not exercise everything
(agreements, English-only text, odd phone extensions), so round-trip and export tests
also run on this one, where each feature is there on purpose.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from enlace.catalogue.models import (
    Agency,
    EligibilityRule,
    Offer,
    OfferArea,
    OfferCategory,
    OfferDomain,
    RequiredDocument,
)
from enlace.catalogue.places import Contact, Location, OfferLocation, Phone, Schedule
from enlace.catalogue.reference import load_reference
from enlace.catalogue.revision import current_revision
from enlace.exchange.hsds import export_dataset, write_json, write_tabular
from enlace.network.models import (
    Agreement,
    AgreementDomain,
    AgreementOffer,
    AgreementParty,
    NetworkMembership,
)
from enlace.paths import DIRECTORY_DATA_DIR

WHEN = datetime(2025, 3, 4, 12, 30, 5, tzinfo=UTC)
IDS = {
    "senda": "0b6f1d2a-0000-4000-8000-000000000001",
    "omil": "0b6f1d2a-0000-4000-8000-000000000002",
    "centre": "0b6f1d2a-0000-4000-8000-000000000003",
    "welding": "0b6f1d2a-0000-4000-8000-000000000101",
    "placement": "0b6f1d2a-0000-4000-8000-000000000102",
    "omil-office": "0b6f1d2a-0000-4000-8000-000000000201",
    "online": "0b6f1d2a-0000-4000-8000-000000000202",
    "agreement": "0b6f1d2a-0000-4000-8000-000000000301",
    "membership": "0b6f1d2a-0000-4000-8000-000000000401",
}


def build_catalogue(session: Session) -> None:
    """Reference tables plus three agencies, two offers, an agreement and a network
    membership; committed."""
    load_reference(session, DIRECTORY_DATA_DIR)
    senda = Agency(
        id=IDS["senda"],
        slug="senda",
        name_es="Servicio Nacional para la Prevención y Rehabilitación del Consumo de Drogas",
        name_en="National Drug and Alcohol Service",
        alternate_name="SENDA",
        description_es="Servicio público.",
        sector="public",
        level="national",
        tax_id="61.980.170-9",
        website="https://www.senda.gob.cl",
        email="contacto@senda.example.cl",
        assured_date=date(2025, 1, 2),
        last_modified=WHEN,
        origin="demo",
    )
    senda.phones = [
        Phone(number="1412", phone_type="voice", position=0, description_es="Fono drogas")
    ]
    omil = Agency(
        id=IDS["omil"],
        slug="omil-talca",
        name_es="Municipalidad de Talca - OMIL",
        description_es="",
        sector="public",
        level="communal",
        parent_id=None,
        region_code="7",
        commune_code="7101",
        last_modified=WHEN,
    )
    office = Location(
        id=IDS["omil-office"],
        slug="omil-talca/oficina",
        agency_id=IDS["omil"],
        location_type="physical",
        name_es="Oficina OMIL",
        name_en="OMIL office",
        address_id="0b6f1d2a-0000-4000-8000-000000000401",
        address_1="1 Norte 797",
        address_2="Segundo piso",
        commune_code="7101",
        region_code="7",
        postal_code="3460000",
        latitude=-35.4264,
        longitude=-71.6554,
        transportation_es="Micro 1",
        accessibility_id="0b6f1d2a-0000-4000-8000-000000000402",
        accessibility_es="Rampa de acceso",
        accessibility_en="Ramp",
        last_modified=WHEN,
    )
    office.phones = [
        Phone(number="+56 71 220 0000", extension="0123", phone_type="voice", position=0),
        Phone(number="+56 71 220 0001", extension="45", phone_type="fax", position=1),
    ]
    office.schedules = [
        Schedule(byday="MO,TU,WE,TH,FR", opens_at="08:30", closes_at="14:00", position=0),
        Schedule(
            byday="SA", opens_at="09:00", closes_at="12:00", position=1, valid_to=date(2025, 12, 31)
        ),
    ]
    online = Location(
        id=IDS["online"],
        slug="omil-talca/en-linea",
        agency_id=IDS["omil"],
        location_type="virtual",
        url="https://omil.talca.example.cl",
        last_modified=WHEN,
    )
    omil.locations = [office, online]
    contact = Contact(name="Ana Pérez", title="Encargada", email="ana@talca.example.cl", position=0)
    contact.phones = [Phone(number="+56 9 1234 5678", phone_type="cell", position=0)]
    omil.contacts = [contact]
    centre = Agency(
        id=IDS["centre"],
        slug="ctr-talca",
        name_es="Centro de Tratamiento Ambulatorio Talca",
        description_es="Centro de tratamiento.",
        description_en="Treatment centre.",
        sector="treatment_centre",
        level="communal",
        parent_id=IDS["senda"],
        region_code="7",
        commune_code="7101",
        status="active",
        last_modified=WHEN,
    )
    session.add_all([senda, omil, centre])
    session.flush()
    session.add_all([_welding(), _placement()])
    session.flush()
    agreement = Agreement(
        id=IDS["agreement"],
        slug="ctr-talca-omil",
        title_es="Convenio de acceso preferente",
        title_en="Priority access agreement",
        kind="priority_access",
        status="active",
        quota=10,
        quota_period="year",
        quota_used=4,
        region_code="7",
        signed_on=date(2024, 12, 1),
        valid_from=date(2025, 1, 1),
        valid_to=date(2026, 12, 31),
        document_url="https://talca.example.cl/convenio.pdf",
        last_modified=WHEN,
    )
    agreement.parties = [
        AgreementParty(agency_id=IDS["centre"], role="referrer"),
        AgreementParty(
            agency_id=IDS["omil"],
            role="provider",
            contact_name="Rosa Díaz",
            contact_title="Encargada de intermediación laboral",
            contact_phone="+56 71 220 0000",
            contact_email="omil@talca.example.cl",
        ),
    ]
    agreement.domains = [AgreementDomain(domain="employment")]
    agreement.offers = [AgreementOffer(offer_id=IDS["placement"])]
    session.add(agreement)
    session.add(
        NetworkMembership(
            id=IDS["membership"],
            network_id=IDS["senda"],
            member_id=IDS["centre"],
            role="member",
            since=date(2024, 1, 1),
            until=date(2027, 12, 31),
            last_modified=WHEN,
        )
    )
    session.commit()


def _welding() -> Offer:
    offer = Offer(
        id=IDS["welding"],
        slug="curso-soldadura-basica",
        agency_id=IDS["omil"],
        name_es="Curso de soldadura básica",
        name_en="Basic welding course",
        description_es="Curso de 120 horas.",
        eligibility_es="Personas desde 18 años.",
        eligibility_en="People aged 18 and over.",
        application_es="Inscripción en la OMIL.",
        fees_es="Gratuito",
        wait_time_es="Dos semanas",
        alert_en="Places are limited.",
        kind="course",
        status="active",
        scope="communal",
        is_free=True,
        minimum_age=18,
        maximum_age=64,
        capacity=20,
        languages=["es", "arn"],
        populations=["people-in-treatment", "women"],
        url="https://talca.example.cl/soldadura",
        email="cursos@talca.example.cl",
        assured_date=date(2025, 2, 1),
        assurer_email="revisor@enlace.example.cl",
        last_modified=WHEN,
        origin="demo",
    )
    offer.domains = [
        OfferDomain(domain="training", role="primary"),
        OfferDomain(domain="employment", role="secondary"),
    ]
    offer.categories = [OfferCategory(term_code="training.trades")]
    offer.areas = [
        OfferArea(region_code="7", commune_code="7101", position=0),
        OfferArea(region_code="7", commune_code="7102", position=1),
    ]
    offer.rules = [
        EligibilityRule(
            attribute="age",
            operator="between",
            value=[18, 64],
            position=0,
            note_es="Entre 18 y 64 años",
        ),
        EligibilityRule(
            attribute="treatment_stage",
            operator="in",
            value=["in_treatment", "follow_up"],
            position=1,
        ),
    ]
    offer.documents = [
        RequiredDocument(document_es="Cédula de identidad", document_en="Identity card", position=0)
    ]
    offer.offer_locations = [
        OfferLocation(location_id=IDS["omil-office"], position=0, description_es="Sala 2")
    ]
    offer.schedules = [
        Schedule(
            byday="MO,WE",
            opens_at="18:00",
            closes_at="21:00",
            valid_from=date(2025, 3, 1),
            position=0,
        )
    ]
    offer.phones = [Phone(number="+56 71 220 0002", position=0, description_en="Course line")]
    offer.contacts = [Contact(name="Luis Soto", department="Capacitación", position=0)]
    return offer


def _placement() -> Offer:
    offer = Offer(
        id=IDS["placement"],
        slug="intermediacion-laboral-talca",
        agency_id=IDS["omil"],
        name_es="Intermediación laboral",
        description_es="Bolsa de empleo municipal.",
        kind="service",
        status="temporarily closed",
        scope="regional",
        is_free=False,
        cost_amount=1500.0,
        cost_currency="CLP",
        languages=["es"],
        assured_date=date(2025, 2, 3),
        last_modified=WHEN,
    )
    offer.domains = [OfferDomain(domain="employment", role="primary")]
    offer.categories = [OfferCategory(term_code="employment.job-placement")]
    offer.areas = [OfferArea(region_code="7", position=0)]
    offer.offer_locations = [OfferLocation(location_id=IDS["online"], position=0)]
    return offer


# -- helpers shared by the exchange tests ----------------------------------------------------
def export_files(session: Session, directory: Path) -> dict[str, bytes]:
    """Export as JSON and CSV under ``directory``; every file's bytes by relative path."""
    dataset = export_dataset(session)
    write_json(dataset, directory / "json")
    write_tabular(dataset, directory / "csv")
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


COUNTED: tuple[type[SQLModel], ...] = (
    Agency, Location, Offer, OfferDomain, OfferCategory, OfferArea, EligibilityRule,
    RequiredDocument, OfferLocation, Schedule, Phone, Contact, Agreement, AgreementParty,
    AgreementDomain, AgreementOffer, NetworkMembership,
)  # fmt: skip


def fingerprint(session: Session) -> dict[str, Any]:
    """Row counts of every catalogue table and the catalogue revision: 'nothing changed'."""
    session.expire_all()
    counts: dict[str, Any] = {
        model.__tablename__: session.exec(select(func.count()).select_from(model)).one()  # type: ignore[attr-defined]
        for model in COUNTED
    }
    counts["revision"] = current_revision(session)
    return counts
