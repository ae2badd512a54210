"""A result's place note says what is true of the offer, never what its tier suggests."""

from __future__ import annotations

import pytest
from flask import Flask

from enlace import create_app
from enlace.catalogue.models import Offer, OfferArea
from enlace.catalogue.places import Location, OfferLocation
from enlace.web.public.result_view import proximity_note

NAMES = {("commune", "7101"): "Talca", ("commune", "7301"): "Curicó", ("region", "7"): "Maule"}
NEAR = ("7101", "7")


def _name(kind: str, code: str) -> str:
    return NAMES[(kind, code)]


def _offer(scope: str, areas: list[tuple[str, str | None]], places: list[str]) -> Offer:
    offer = Offer(slug="o", agency_id="a", name_es="Oferta", scope=scope, kind="service")
    offer.areas = [OfferArea(region_code=r, commune_code=c) for r, c in areas]
    offer.offer_locations = [
        OfferLocation(
            location=Location(slug=f"l{c}", agency_id="a", commune_code=c, region_code=c[:-3])
        )
        for c in places
    ]
    return offer


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    instance = tmp_path_factory.mktemp("notes")
    return create_app(
        {"INSTANCE_PATH": str(instance), "SECRET_KEY": "n", "DATABASE_URL": "sqlite://"}
    )


@pytest.mark.parametrize(
    ("offer", "tier", "expected"),
    [
        (_offer("national", [], []), "commune", None),
        (_offer("national", [], []), "national", None),
        (_offer("national", [("7", "7101")], []), "commune", None),  # national: no area claim
        (_offer("national", [], ["7101"]), "commune", "Attends in Talca"),
        (_offer("communal", [("7", "7101")], []), "commune", "Available in Talca"),
        (_offer("communal", [("7", "7301")], []), "region", "Available in Curicó"),
        (_offer("regional", [("7", None)], []), "region", "Available in Maule"),
        (_offer("regional", [("7", None)], ["7301"]), "region", "Attends in Curicó"),
        (_offer("communal", [("7", "7101")], []), None, None),
    ],
)
def test_the_note_follows_the_offers_real_places(
    app: Flask, offer: Offer, tier: str | None, expected: str | None
) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert proximity_note(offer, tier, NEAR, _name) == expected
