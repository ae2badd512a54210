"""Reference data is read once per catalogue revision, and a write is seen at once."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from enlace.catalogue.lookup import reference_data
from enlace.catalogue.reference import stable_id
from enlace.catalogue.stats import catalogue_counts
from enlace.catalogue.taxonomy import ENLACE_TAXONOMY, TaxonomyTerm
from enlace.db import make_engine, open_session
from tests.factories import ensure_place, make_offer


def _term(session: Session, code: str, name: str, level: int = 0) -> TaxonomyTerm:
    term = TaxonomyTerm(
        id=stable_id("taxonomy_term", code),
        code=code,
        taxonomy=ENLACE_TAXONOMY,
        parent_code=None if level == 0 else "employment",
        domain="employment",
        level=level,
        position=0,
        name_es=name,
        description_es="Una descripción.",
    )
    session.add(term)
    return term


def _seed(engine: Engine) -> None:
    with open_session(engine) as session:
        ensure_place(session)
        make_offer(session, regions=["7"])
        _term(session, "employment", "Empleo")
        _term(session, "job-search", "Búsqueda de empleo", level=1)
        session.commit()


def test_the_snapshot_holds_the_reference_tables(engine: Engine) -> None:
    _seed(engine)
    with open_session(engine) as session:
        data = reference_data(session)
    assert [r.code for r in data.regions] == ["7"]
    assert data.communes["7101"].region_code == "7"
    assert [d.term.code for d in data.domains] == ["employment"]
    assert [c.code for c in data.domains[0].categories] == ["job-search"]
    assert data.category_codes == frozenset({"job-search"})
    assert data.offer_counts["7"] == 1
    assert data.region_communes("7")[0].code == "7101"


def test_reads_between_writes_come_from_the_cache(engine: Engine) -> None:
    _seed(engine)
    with open_session(engine) as session:
        first = reference_data(session)
    with open_session(engine) as session:
        assert reference_data(session) is first


def test_a_catalogue_write_bumps_the_revision_and_the_next_read_sees_it(engine: Engine) -> None:
    _seed(engine)
    with open_session(engine) as session:
        before = reference_data(session)
    assert before.terms["employment"].name_es == "Empleo"
    with open_session(engine) as session:
        term = session.exec(select(TaxonomyTerm).where(TaxonomyTerm.code == "employment")).one()
        term.name_es = "Trabajo"
        session.commit()
    with open_session(engine) as session:
        after = reference_data(session)
    assert after.identity[1] == before.identity[1] + 1
    assert after.terms["employment"].name_es == "Trabajo"


def test_a_write_from_another_process_is_seen_too(engine: Engine, database_url: str) -> None:
    """Another engine on the same database stands for another worker process."""
    _seed(engine)
    with open_session(engine) as session:
        assert "training" not in reference_data(session).terms
    other = make_engine(database_url)
    try:
        with open_session(other) as session:
            _term(session, "training", "Capacitación")
            session.commit()
    finally:
        other.dispose()
    with open_session(engine) as session:
        assert reference_data(session).terms["training"].name_es == "Capacitación"


def test_cached_records_survive_the_rollback_of_the_session_that_read_them(
    engine: Engine,
) -> None:
    _seed(engine)
    with open_session(engine) as session:
        data = reference_data(session)
        session.rollback()
    assert data.regions[0].name and data.terms["job-search"].name_es == "Búsqueda de empleo"


def test_nothing_is_cached_before_the_first_catalogue_write(engine: Engine) -> None:
    with open_session(engine) as session:
        ensure_place(session)
        session.commit()
    with open_session(engine) as session:
        first = reference_data(session)
    with open_session(engine) as session:
        second = reference_data(session)
    assert first is not second and first.identity == ("", 0)
    assert [r.code for r in second.regions] == ["7"]


def test_the_start_page_counts_follow_a_catalogue_write(engine: Engine) -> None:
    """The counts are kept with the reference data: a new offer is counted at once,
    and the kept counts equal what the database says."""
    _seed(engine)
    with open_session(engine) as session:
        before = reference_data(session).counts
        assert before == catalogue_counts(session)
        make_offer(session, regions=["7"])
        session.commit()
    with open_session(engine) as session:
        after = reference_data(session).counts
        assert after == catalogue_counts(session)
    assert after.active_offers == before.active_offers + 1
