"""Relevance over the shipped catalogue: success@1, success@3 and MRR of the query set in
``tests/search/relevance_cases.json`` (the same cases the relevance test enforces)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel

import enlace.models  # noqa: F401  (registers every table)
from enlace.db import make_engine, open_session
from enlace.exchange.authoring import load_shipped
from enlace.paths import DIRECTORY_DATA_DIR
from enlace.search import SearchIndex, service
from enlace.search.params import SearchParams
from enlace.search.synonyms import load_synonyms

CASES_FILE = Path(__file__).resolve().parent.parent / "tests" / "search" / "relevance_cases.json"


@dataclass
class CaseResult:
    query: str
    expected: list[str]
    found: list[str]
    ranks: dict[str, int | None]

    @property
    def first_rank(self) -> int | None:
        ranks = [r for r in self.ranks.values() if r is not None]
        return min(ranks) if ranks else None

    @property
    def all_in_top3(self) -> bool:
        return all(r is not None and r <= 3 for r in self.ranks.values())


@dataclass
class RelevanceReport:
    results: list[CaseResult] = field(default_factory=list)

    @property
    def success_at_1(self) -> float:
        """Share of queries whose first hit is an expected offer."""
        return sum(r.first_rank == 1 for r in self.results) / len(self.results)

    @property
    def success_at_3(self) -> float:
        """Share of queries with every expected offer in the top 3."""
        return sum(r.all_in_top3 for r in self.results) / len(self.results)

    @property
    def mrr(self) -> float:
        """Mean reciprocal rank of the best-ranked expected offer."""
        return sum(1 / r.first_rank if r.first_rank else 0.0 for r in self.results) / len(
            self.results
        )

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.all_in_top3]


def load_cases(path: Path = CASES_FILE) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return cases


def params_for(case: dict[str, Any]) -> SearchParams:
    return SearchParams(
        text=case["query"],
        language=case.get("language", "es"),
        region=case.get("region"),
        commune=case.get("commune"),
        domains=tuple(case.get("domains", ())),
        per_page=10,
    )


def evaluate(index: SearchIndex, session: Session, cases: list[dict[str, Any]]) -> RelevanceReport:
    report = RelevanceReport()
    for case in cases:
        found = [h.slug for h in service.search(index, session, params_for(case)).hits]
        ranks = {slug: found.index(slug) + 1 if slug in found else None for slug in case["expect"]}
        report.results.append(CaseResult(case["query"], list(case["expect"]), found, ranks))
    return report


def shipped_relevance(cases_file: Path = CASES_FILE) -> RelevanceReport:
    """Load the shipped catalogue into a scratch SQLite database and evaluate the cases."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{scratch}/relevance.sqlite3")
        SQLModel.metadata.create_all(engine)
        index = SearchIndex(Path(scratch) / "index", load_synonyms(service.SYNONYMS_DIR))
        try:
            with open_session(engine) as session:
                load_shipped(session, DIRECTORY_DATA_DIR)
                session.commit()
                return evaluate(index, session, load_cases(cases_file))
        finally:
            index.close()
            engine.dispose()
