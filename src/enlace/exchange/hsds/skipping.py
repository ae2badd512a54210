"""``--skip-invalid``: leave out invalid records and what depends on them, and say why.

A record with a problem is removed from the read dataset, and so is every record that
points at a removed one (an organization's services, a service's schedules, phones and
languages...), each noted with the reason. The importer then builds again from what is
left. The skip report lists every record left out: file, table, record id, row, field
and problem, as CSV or JSON.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import asdict, fields
from pathlib import Path

from enlace.catalogue.errors import Problem
from enlace.exchange.hsds.records import RawDataset, Skipped
from enlace.exchange.hsds.spec import TABLES

#: HSDS entity names (``link_entity``, ``resource_type``) -> table keys.
ENTITY_TABLES = {table.name: key for key, table in TABLES.items()}
#: Every reference a record can make: (table, field, ordinal, target table); a ``None``
#: target is named by the record itself (``link_entity``/``resource_type``).
LINK_FIELDS = [
    *(
        (key, name, ordinal, target)
        for key, table in TABLES.items()
        for ordinal, (name, target) in enumerate(table.foreign_keys.items())
    ),
    *(
        (key, name, 100 + ordinal, None)
        for key, table in TABLES.items()
        for ordinal, name in enumerate(("link_id", "resource_id"))
        if table.type_of(name) is not None
    ),
]


def skip_records(raw: RawDataset, bad: dict[tuple[str, str], list[Problem]]) -> list[Skipped]:
    """Remove ``bad`` records and, transitively, every record pointing at a removed one.

    Set-based in the staging database: each round removes every record that points at
    one already left out, until a round finds none.
    """
    staging = raw.staging
    skipped: list[Skipped] = []
    staging.mark_gone(bad)
    places = {(table, key): file for table, key, file, _ in staging.remove(bad)}
    for (key, record_id), problems in bad.items():
        for problem in problems:
            file = places.get((key, record_id), problem.file)
            skipped.append(
                Skipped(file, key, record_id, problem.row, problem.field, problem.message)
            )
    while found := staging.dependents():
        keys = [(table, record_id) for table, record_id, *_ in found]
        staging.mark_gone(keys)
        staging.remove(keys)
        for table, record_id, file, row, name, target, ref in found:
            skipped.append(
                Skipped(
                    file,
                    table,
                    record_id,
                    row,
                    name,
                    f"depends on {TABLES[target].name} {ref}, which was skipped",
                )
            )
    raw.skipped.extend(skipped)
    return skipped


def problem_rows(problems: Iterable[Problem]) -> list[Skipped]:
    """Problems of a refused import as report lines (the table and id are not known)."""
    return [Skipped(p.file, "", None, p.row, p.field, p.message) for p in problems]


def write_report(skipped: list[Skipped], path: Path) -> None:
    """Every skipped record and why, as JSON (``.json``) or CSV (anything else)."""
    rows = [asdict(item) for item in skipped]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, [f.name for f in fields(Skipped)], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
