"""The baseline: SQLite FTS5 (unicode61, remove_diacritics 2) on the same documents.

It answers the same query mix as closely as SQL allows: top 10 by BM25 with a snippet,
the exact total, and facet counts for the matched set (domain, region, sector, free,
population). It has no stemming, synonyms or typo tolerance, which is part of what the
comparison shows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from enlace.search.documents import OfferRecord

FACETS = ("domain", "region", "sector", "free", "population")


@dataclass
class FtsQuery:
    match: str
    region: str | None = None
    domain: str | None = None


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def build(path: Path, records: Iterable[OfferRecord]) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        PRAGMA journal_mode=OFF;
        PRAGMA synchronous=OFF;
        CREATE VIRTUAL TABLE offer_fts USING fts5(
            name, description, body, tokenize="unicode61 remove_diacritics 2"
        );
        CREATE TABLE offer_facet (doc INTEGER, facet TEXT, value TEXT);
        CREATE TABLE offer_doc (doc INTEGER PRIMARY KEY, slug TEXT, national INT, active INT);
        """
    )
    text_rows = []
    facet_rows = []
    doc_rows = []
    for doc, record in enumerate(records, start=1):
        text_rows.append(
            (
                doc,
                _join(record.name_es, record.name_en),
                _join(record.description_es, record.description_en),
                _join(
                    record.eligibility_es,
                    record.application_es,
                    *record.topic_es,
                    *record.agency_names,
                    *record.place_names,
                ),
            )
        )
        doc_rows.append(
            (doc, record.slug, int(record.scope == "national"), int(record.status == "active"))
        )
        regions = {*record.area_regions, *record.location_regions}
        for facet, values in (
            ("domain", record.domains),
            ("region", regions),
            ("sector", [record.agency_sector]),
            ("free", ["1" if record.is_free else "0"]),
            ("population", record.populations),
        ):
            facet_rows.extend((doc, facet, value) for value in set(values))
    db.executemany(
        "INSERT INTO offer_fts(rowid, name, description, body) VALUES (?, ?, ?, ?)", text_rows
    )
    db.executemany("INSERT INTO offer_facet VALUES (?, ?, ?)", facet_rows)
    db.executemany("INSERT INTO offer_doc VALUES (?, ?, ?, ?)", doc_rows)
    db.executescript(
        """
        CREATE INDEX offer_facet_value ON offer_facet(facet, value, doc);
        CREATE INDEX offer_facet_doc ON offer_facet(doc, facet, value);
        INSERT INTO offer_fts(offer_fts) VALUES ('optimize');
        """
    )
    db.commit()
    return db


def search(
    db: sqlite3.Connection, query: FtsQuery
) -> tuple[int, list[tuple[str, str]], dict[str, int]]:
    """(total, [(slug, snippet)] of the first page, facet counts)."""
    conditions = ["offer_doc.active = 1"]
    params: list[object] = [query.match]
    if query.region:
        conditions.append(
            "(offer_doc.national = 1 OR offer_doc.doc IN "
            "(SELECT doc FROM offer_facet WHERE facet = 'region' AND value = ?))"
        )
        params.append(query.region)
    if query.domain:
        conditions.append(
            "offer_doc.doc IN (SELECT doc FROM offer_facet WHERE facet = 'domain' AND value = ?)"
        )
        params.append(query.domain)
    where = " AND ".join(conditions)
    # CROSS JOIN keeps the full-text table as the outer loop: with a plain JOIN SQLite
    # may scan offer_doc and re-run the MATCH once per row.
    matched = (
        "SELECT offer_fts.rowid AS doc, offer_fts.rank AS rank FROM offer_fts "
        "CROSS JOIN offer_doc ON offer_doc.doc = offer_fts.rowid "
        f"WHERE offer_fts MATCH ? AND {where}"
    )
    db.execute("DROP TABLE IF EXISTS temp.hits")
    db.execute(f"CREATE TEMP TABLE hits AS {matched}", params)
    total = db.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
    top = db.execute("SELECT doc FROM temp.hits ORDER BY rank LIMIT 10").fetchall()
    page = []
    for (doc,) in top:  # snippets for the first page only
        page.append(
            db.execute(
                "SELECT offer_doc.slug, snippet(offer_fts, 1, '[', ']', '…', 16) FROM offer_fts "
                "CROSS JOIN offer_doc ON offer_doc.doc = offer_fts.rowid "
                "WHERE offer_fts MATCH ? AND offer_fts.rowid = ?",
                (query.match, doc),
            ).fetchone()
        )
    facets = {
        f"{facet}={value}": count
        for facet, value, count in db.execute(
            "SELECT facet, value, count(*) FROM offer_facet "
            "WHERE doc IN (SELECT doc FROM temp.hits) GROUP BY facet, value"
        )
    }
    return total, page, facets
