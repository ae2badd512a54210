"""Data without the Enlace profile: the HSDS examples and an Open Eligibility directory.

Need domains come from the taxonomy terms, communes from the addresses; what cannot be
mapped is imported without it and reported as a warning, never as an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from enlace.catalogue.revision import current_revision
from enlace.exchange.hsds import import_dataset
from tests.unit.exchange.hsds.foreign import COURSE, LOC, ORG, OTHER, foreign_dataset, write


@pytest.mark.parametrize(
    "example",
    ["service_full.json", "organization_full.json", "service_at_location_full.json", "csv"],
)
def test_the_hsds_examples_import_with_warnings(
    db_session: Session, hsds_schema_dir: Path, example: str
) -> None:
    report = import_dataset(db_session, hsds_schema_dir / "examples" / example)
    db_session.commit()
    offer = db_session.get(Offer, "ac148810-d857-441c-9679-408f346de14b")
    assert offer is not None
    assert offer.name_es == "Community Counselling"
    assert offer.agency_id == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert offer.domains == []
    assert (offer.minimum_age, offer.maximum_age) == (12, 100)
    assert offer.languages == ["ur"]
    assert [r.operator for r in offer.rules] == ["between"]
    location = db_session.get(Location, "3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    assert location is not None and location.commune_code is None
    warnings = "\n".join(report.warnings)
    assert "could not place 'MyCity', 'MyState'" in warnings
    assert "no need domain could be found" in warnings
    assert "not imported, Enlace has no place for them" in warnings


def test_the_examples_csv_location_is_attached_to_the_agency_of_its_services(
    db_session: Session, hsds_schema_dir: Path
) -> None:
    report = import_dataset(db_session, hsds_schema_dir / "examples" / "csv")
    location = db_session.get(Location, "3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    assert location is not None
    assert location.agency_id == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert any("the agency of its services" in w for w in report.warnings)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_open_eligibility_terms_and_chilean_addresses_are_mapped(
    db_session: Session, tmp_path: Path, form: str
) -> None:
    report = import_dataset(db_session, write(foreign_dataset(), tmp_path, form))
    db_session.commit()
    course = db_session.get(Offer, COURSE)
    assert course is not None
    assert [(d.domain, d.role) for d in course.domains] == [
        ("employment", "secondary"),
        ("training", "primary"),
    ]
    assert [c.term_code for c in course.categories] == [
        "employment.job-placement",
        "training.digital-skills",
    ]
    assert course.scope == "regional"
    assert [(a.region_code, a.commune_code) for a in course.areas] == [("7", None)]
    assert course.languages == ["es"]
    assert course.is_free is True
    assert [(r.attribute, r.operator, r.value) for r in course.rules] == [
        ("age", "between", [18, 65])
    ]
    assert course.origin == "import"
    assert course.slug == "curso-de-computacion-para-adultos"
    housing = db_session.get(Offer, OTHER)
    assert housing is not None
    assert [(d.domain, d.role) for d in housing.domains] == [("housing", "primary")]
    assert (housing.scope, housing.areas) == ("local", [])  # "Atlantis" is no area: not national
    location = db_session.get(Location, LOC)
    assert location is not None
    assert (location.region_code, location.commune_code, location.address_1) == (
        "7",
        "7101",
        "1 Poniente 1150",
    )
    agency = db_session.get(Agency, ORG)
    assert agency is not None
    assert (agency.sector, agency.level, agency.commune_code) == ("public", "communal", "7101")
    assert agency.tax_id == "69.110.400-4"
    assert location.slug == f"{agency.slug}/edificio-consistorial"
    assert any(
        "'Trámites municipales' (X-77) maps to no need domain; used by 1" in w
        for w in report.warnings
    )
    assert any("'Atlantis'): not a Chilean region or commune" in w for w in report.warnings)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_importing_the_same_directory_again_changes_nothing(
    db_session: Session, tmp_path: Path, form: str
) -> None:
    path = write(foreign_dataset(), tmp_path, form)
    import_dataset(db_session, path)
    db_session.commit()
    revision = current_revision(db_session)
    again = import_dataset(db_session, path)
    db_session.commit()
    assert (again.stats.created, again.stats.updated) == ({}, {})
    assert again.stats.unchanged["offer"] == 2
    assert current_revision(db_session) == revision


def test_unplaceable_addresses_are_imported_without_commune(
    db_session: Session, tmp_path: Path
) -> None:
    dataset = foreign_dataset()
    dataset["addresses"][0]["city"] = "Ciudad Gótica"
    dataset["addresses"][0]["state_province"] = ""
    report = import_dataset(db_session, write(dataset, tmp_path, "json"))
    location = db_session.get(Location, LOC)
    assert location is not None
    assert location.commune_code is None and location.region_code is None
    assert any("could not place 'Ciudad Gótica'" in w for w in report.warnings)


def test_the_language_option_says_which_language_base_fields_are_in(
    db_session: Session, tmp_path: Path
) -> None:
    dataset = foreign_dataset()
    dataset["services"][0]["enlace_translations"] = {"es": {"name": "Curso de computación"}}
    import_dataset(db_session, write(dataset, tmp_path, "json"), language="en")
    course = db_session.get(Offer, COURSE)
    other = db_session.get(Offer, OTHER)
    assert course is not None and other is not None
    assert (course.name_en, course.name_es) == (
        "Curso de computación para adultos",
        "Curso de computación",
    )
    assert (other.name_en, other.name_es, other.description_es) == (
        "Oficina de la vivienda",
        "",
        "",
    )


def test_a_bad_language_or_duplicates_mode_is_a_programming_error(
    db_session: Session, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="language"):
        import_dataset(db_session, tmp_path, language="fr")
    with pytest.raises(ValueError, match="duplicates"):
        import_dataset(db_session, tmp_path, duplicates="ignore")
    assert db_session.exec(select(Offer)).first() is None
