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
from enlace.exchange.hsds.records import RawDataset, Record, Skipped
from enlace.exchange.hsds.spec import TABLES

_ENTITY_TABLES = {table.name: key for key, table in TABLES.items()}


def _references(record: Record) -> Iterable[tuple[str, str, str]]:
    """(field, table, id) of every record this one points at."""
    for name, target in TABLES[record.table].foreign_keys.items():
        value = record.get(name)
        if value is not None:
            yield name, target, str(value)
    entity = record.get("link_entity") or record.get("resource_type")
    link = record.get("link_id") or record.get("resource_id")
    if link is not None and entity in _ENTITY_TABLES:
        yield "link_id", _ENTITY_TABLES[str(entity)], str(link)


def skip_records(raw: RawDataset, bad: dict[tuple[str, str], list[Problem]]) -> list[Skipped]:
    """Remove ``bad`` records and, transitively, every record pointing at a removed one."""
    skipped: list[Skipped] = []
    removed: set[tuple[str, str]] = set(raw.invalid)
    for (key, record_id), problems in bad.items():
        record = raw.tables.get(key, {}).pop(record_id, None)
        removed.add((key, record_id))
        for problem in problems:
            file = record.file if record else problem.file
            skipped.append(
                Skipped(file, key, record_id, problem.row, problem.field, problem.message)
            )
    changed = True
    while changed:
        changed = False
        for key, rows in raw.tables.items():
            for record_id in list(rows):
                record = rows[record_id]
                for name, target, ref in _references(record):
                    if (target, ref) in removed:
                        del rows[record_id]
                        removed.add((key, record_id))
                        changed = True
                        skipped.append(
                            Skipped(
                                record.file,
                                key,
                                record_id,
                                record.row,
                                name,
                                f"depends on {TABLES[target].name} {ref}, which was skipped",
                            )
                        )
                        break
    raw.invalid |= removed
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
