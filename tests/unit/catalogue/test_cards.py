"""Cards read the same records as the ORM, and the result-card memo follows the revision."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from enlace.catalogue import read
from enlace.catalogue.cards import Card, Many, NotLoadedError, One
from enlace.catalogue.models import Agency, Offer
from enlace.db import open_session
from tests.factories import make_offer


def _columns(model: type[SQLModel]) -> list[str]:
    return [c.key for c in sa_inspect(model).mapper.column_attrs]


def _same(card: Any, record: Any, relations: tuple[Many | One, ...]) -> None:
    """Every column and every loaded relation of ``card`` equals the ORM record's."""
    model = type(record)
    for name in _columns(model):
        assert getattr(card, name) == getattr(record, name), (model.__name__, name)
    for relation in relations:
        mine, theirs = getattr(card, relation.attribute), getattr(record, relation.attribute)
        if isinstance(relation, One):
            if theirs is None:
                assert mine is None
            else:
                _same(mine, theirs, relation.children)
            continue
        assert len(mine) == len(theirs), (model.__name__, relation.attribute)
        for child_card, child in zip(mine, theirs, strict=True):
            _same(child_card, child, relation.children)


def test_an_offer_page_card_holds_what_the_orm_record_holds(shipped_session: Session) -> None:
    offers = shipped_session.exec(select(Offer).order_by(Offer.slug)).all()  # type: ignore[arg-type]
    assert offers
    for offer in offers:
        card = read.offer_by_slug(shipped_session, offer.slug)
        assert card is not None
        _same(card, offer, read.OFFER_PAGE)
        assert card.domain_codes("primary") == offer.domain_codes("primary")


def test_an_agency_page_card_and_its_offers_match_the_orm(shipped_session: Session) -> None:
    agencies = shipped_session.exec(select(Agency).order_by(Agency.slug)).all()  # type: ignore[arg-type]
    for agency in agencies[:40]:
        card = read.agency_card(shipped_session, agency.slug)
        assert card is not None
        _same(card, agency, read.AGENCY_PAGE)
        expected = sorted(
            (o for o in agency.offers if o.status == "active"), key=lambda o: o.name_es
        )
        assert [o.slug for o in read.agency_offers(shipped_session, agency.id)] == [
            o.slug for o in expected
        ]


def test_saved_lists_and_result_pages_keep_the_order_asked_for(db_session: Session) -> None:
    first, second = make_offer(db_session), make_offer(db_session)
    db_session.commit()
    slugs = [second.slug, "no-such-offer", first.slug]
    assert [c.slug for c in read.offers_by_slugs(db_session, slugs)] == [second.slug, first.slug]
    ids = [second.id, first.id, "missing"]
    assert [c.id for c in read.offers_by_ids(db_session, ids)] == [second.id, first.id]


def test_a_card_says_what_it_did_not_load(db_session: Session) -> None:
    offer = make_offer(db_session, regions=["7"])
    db_session.commit()
    (card,) = read.offers_by_ids(db_session, [offer.id])
    assert isinstance(card, Card)
    assert card.agency.name_es == offer.agency.name_es
    assert [a.region_code for a in card.areas] == ["7"]
    with pytest.raises(NotLoadedError):
        _ = card.rules  # a relation of offers that result cards do not load
    with pytest.raises(AttributeError):
        _ = card.no_such_thing
    assert getattr(card, "name_fr", None) is None  # filters probe languages like this


def test_result_cards_are_kept_until_a_catalogue_write(engine: Engine) -> None:
    read.RESULT_CARDS.clear()
    with open_session(engine) as session:
        offer = make_offer(session, name_es="Taller de cerámica")
        session.commit()
        offer_id = offer.id
    with open_session(engine) as session:
        (first,) = read.offers_by_ids(session, [offer_id])
    with open_session(engine) as session:
        (again,) = read.offers_by_ids(session, [offer_id])
    assert again is first  # kept: the same revision
    with open_session(engine) as session:
        record = session.get(Offer, offer_id)
        assert record is not None
        record.name_es = "Taller de grabado"
        session.commit()
    with open_session(engine) as session:
        (fresh,) = read.offers_by_ids(session, [offer_id])
        read.RESULT_CARDS.clear()
        (uncached,) = read.offers_by_ids(session, [offer_id])
    assert fresh.name_es == "Taller de grabado"
    assert {c: getattr(fresh, c) for c in _columns(Offer)} == {
        c: getattr(uncached, c) for c in _columns(Offer)
    }
