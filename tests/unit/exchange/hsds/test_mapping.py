"""Places and taxonomy terms written without the Enlace profile map onto Enlace codes."""

from __future__ import annotations

import pytest

from enlace.catalogue.reference import read_regions_and_communes, read_taxonomy
from enlace.exchange.hsds.mapping import (
    PlaceResolver,
    TaxonomyMapper,
    guess_level,
    guess_sector,
    language_code,
    read_open_eligibility,
    region_label,
    slugify,
)
from enlace.paths import DIRECTORY_DATA_DIR


@pytest.fixture(scope="module")
def places() -> PlaceResolver:
    regions, communes = read_regions_and_communes(DIRECTORY_DATA_DIR)
    return PlaceResolver(
        [(r.code, r.name, r.abbr) for r in regions],
        [(c.code, c.name, c.region_code) for c in communes],
    )


@pytest.fixture(scope="module")
def taxonomy() -> TaxonomyMapper:
    _, terms = read_taxonomy(DIRECTORY_DATA_DIR)
    return TaxonomyMapper(terms, read_open_eligibility(DIRECTORY_DATA_DIR))


@pytest.mark.parametrize(
    ("city", "state", "country", "expected"),
    [
        ("Talca", "Maule", "CL", ("7", "7101")),
        ("Concepcion", "Región del Biobío", "Chile", ("8", "8101")),
        ("Concepción", None, None, ("8", "8101")),
        ("Viña del Mar", "V Región", "CL", ("5", "5109")),
        ("Santiago Centro", "RM", "CL", ("13", "13101")),
        ("Puerto Mont", "Los Lagos", "CL", ("10", "10101")),
        ("Talca", "Región de Valparaíso", "CL", ("7", "7101")),
        ("Pueblo Inventado", "Maule", "CL", ("7", None)),
        ("MyCity", "MyState", "US", None),
        ("Talca", "Maule", "Argentina", None),
        ("", "", "", None),
    ],
)
def test_addresses_are_placed_in_communes(
    places: PlaceResolver,
    city: str,
    state: str | None,
    country: str | None,
    expected: tuple[str, str | None] | None,
) -> None:
    place = places.address(city, state, country)
    assert ((place.region_code, place.commune_code) if place else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talca", ("7", "7101")),
        ("Región del Maule", ("7", None)),
        ("Región Metropolitana de Santiago", ("13", None)),
        ("Maule", ("7", "7105")),
        ("Temuco, La Araucanía", ("9", "9101")),
        ("Ñuble", ("16", None)),
        ("13101", ("13", "13101")),
        ("todo el país", None),
    ],
)
def test_service_area_names_become_regions_or_communes(
    places: PlaceResolver, text: str, expected: tuple[str, str | None] | None
) -> None:
    place = places.area(text)
    assert ((place.region_code, place.commune_code) if place else None) == expected


@pytest.mark.parametrize(
    ("code", "name", "domains", "categories"),
    [
        ("employment.job-placement", None, ["employment"], ["employment.job-placement"]),
        ("housing", None, ["housing"], []),
        ("1358", "Job Placement", ["employment"], ["employment.job-placement"]),
        (None, "Job Placement", ["employment"], ["employment.job-placement"]),
        (None, "Vivienda", ["housing"], []),
        (None, "Education", ["education"], []),
        ("1365", None, ["employment", "training"], ["employment.self-employment"]),
    ],
)
def test_terms_map_to_need_domains(
    taxonomy: TaxonomyMapper,
    code: str | None,
    name: str | None,
    domains: list[str],
    categories: list[str],
) -> None:
    match = taxonomy.map(code, name)
    assert match is not None
    assert (match.domains, match.categories) == (domains, categories)


def test_open_eligibility_children_inherit_their_parents_domain(taxonomy: TaxonomyMapper) -> None:
    assert "1361" not in taxonomy.oe_terms  # "Clothes for Work", under "Help Pay for Work Expenses"
    match = taxonomy.map("1361", None)
    assert match is not None
    assert (match.domains, match.categories) == (["employment"], ["employment.hiring-incentives"])
    assert taxonomy.map("1114", None) is None  # "Help Pay for Food": no Enlace ancestor


@pytest.mark.parametrize(
    ("code", "name"), [("code", "name"), ("9999", None), (None, "Counselling sessions")]
)
def test_unknown_terms_map_to_nothing(
    taxonomy: TaxonomyMapper, code: str | None, name: str | None
) -> None:
    assert taxonomy.map(code, name) is None


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("ES", None, "es"),
        (None, "Spanish", "es"),
        (None, "Mapudungun", "arn"),
        ("x-klingon", None, None),
        (None, "Urdu", None),
    ],
)
def test_language_codes(code: str | None, name: str | None, expected: str | None) -> None:
    assert language_code(code, name) == expected


def test_small_helpers() -> None:
    assert slugify("Curso de Soldadura Básica (2025)") == "curso-de-soldadura-basica-2025"
    assert slugify("¡!", "oferta") == "oferta"
    assert region_label("7", "Maule") == "Región del Maule"
    assert region_label("13", "Metropolitana de Santiago") == "Región Metropolitana de Santiago"
    assert region_label("9", "La Araucanía") == "Región de La Araucanía"
    assert guess_sector("Ilustre Municipalidad de Talca") == "public"
    assert guess_sector("Fundación Paréntesis") == "ngo"
    assert guess_level("Ilustre Municipalidad de Talca") == "communal"
    assert guess_level("SEREMI de Desarrollo Social del Maule") == "regional"
    assert guess_level("Fondo de Solidaridad e Inversión Social") == "national"
