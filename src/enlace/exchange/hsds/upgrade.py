"""Older HSDS (1.x, 2.x) tabular packages, upgraded to 3.0 before anything reads them.

The step sits between :func:`open_source` (file name -> bytes) and the CSV reader, so
everything after it sees HSDS 3.0 only. It renames files and columns (``url`` ->
``website``, ``regular_schedules.csv`` -> ``schedules.csv`` with ``weekday`` -> ``byday``,
``physical_addresses.csv`` -> ``addresses.csv``...) and replaces ids that are not UUIDs
(1.x and 2.x exports often number their rows) by UUIDs derived from the table and the
old id, so the same package imported twice gives the same records.

Upgraded tables are written row by row to a scratch folder, never held whole.

The version comes from ``datapackage.json`` (its ``version``), else from which files and
columns exist; it is reported with the import.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from enlace.exchange.hsds.records import derived_id
from enlace.exchange.hsds.tabular import Opener, opener, text_lines
from enlace.exchange.hsds.values import is_uuid


@dataclass(frozen=True)
class OldTable:
    """How one old CSV file becomes (part of) a 3.0 one."""

    target: str  # the 3.0 CSV file
    table: str  # the 3.0 table key, for derived ids
    renames: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)  # columns set when empty


_SERVICE = "services"
OLD_TABLES: dict[str, OldTable] = {
    "organizations.csv": OldTable("organizations.csv", "organizations", {"url": "website"}),
    "programs.csv": OldTable("programs.csv", "programs"),
    "services.csv": OldTable("services.csv", _SERVICE, {"fees": "fees_description"}),
    "services_at_location.csv": OldTable("service_at_location.csv", "service_at_locations"),
    "service_at_location.csv": OldTable("service_at_location.csv", "service_at_locations"),
    "locations.csv": OldTable(
        "locations.csv", "locations", constants={"location_type": "physical"}
    ),
    "phones.csv": OldTable("phones.csv", "phones"),
    "contacts.csv": OldTable("contacts.csv", "contacts"),
    "physical_addresses.csv": OldTable(
        "addresses.csv", "addresses", constants={"address_type": "physical"}
    ),
    "postal_addresses.csv": OldTable(
        "addresses.csv", "addresses", constants={"address_type": "postal"}
    ),
    "schedules.csv": OldTable("schedules.csv", "schedules"),
    "regular_schedules.csv": OldTable(
        "schedules.csv", "schedules", {"weekday": "byday"}, {"freq": "WEEKLY"}
    ),
    "funding.csv": OldTable("funding.csv", "funding"),
    "service_areas.csv": OldTable("service_areas.csv", "service_areas", {"service_area": "name"}),
    "service_area.csv": OldTable("service_areas.csv", "service_areas", {"service_area": "name"}),
    "required_documents.csv": OldTable("required_documents.csv", "required_documents"),
    "languages.csv": OldTable("languages.csv", "languages", {"language": "name"}),
    "accessibility_for_disabilities.csv": OldTable(
        "accessibility.csv", "accessibility", {"accessibility": "description"}
    ),
    "service_attributes.csv": OldTable(
        "attributes.csv", "attributes", {"service_id": "link_id"}, {"link_entity": "service"}
    ),
    "other_attributes.csv": OldTable("attributes.csv", "attributes", {"link_type": "link_entity"}),
    "service_taxonomy.csv": OldTable(
        "attributes.csv",
        "attributes",
        {"service_id": "link_id", "taxonomy_id": "taxonomy_term_id"},
        {"link_entity": "service"},
    ),
    "services_taxonomy.csv": OldTable(
        "attributes.csv",
        "attributes",
        {"service_id": "link_id", "taxonomy_id": "taxonomy_term_id"},
        {"link_entity": "service"},
    ),
    "taxonomy_terms.csv": OldTable("taxonomy_terms.csv", "taxonomy_terms", {"term": "name"}),
    "taxonomy.csv": OldTable("taxonomy_terms.csv", "taxonomy_terms", {"vocabulary": "taxonomy"}),
    "metadata.csv": OldTable("metadata.csv", "metadata"),
    "meta_table_descriptions.csv": OldTable(
        "meta_table_descriptions.csv", "meta_table_descriptions"
    ),
}

#: Old files whose content 3.0 Enlace has no place for (reported, not read).
NOT_UPGRADED = (
    "holiday_schedules.csv",
    "eligibility.csv",
    "payments_accepted.csv",
    "fees.csv",
    "interpretation_services.csv",
)
_ONLY_OLD = {
    "regular_schedules.csv": "1.x",
    "holiday_schedules.csv": "1.x",
    "taxonomy.csv": "1.x",
    "fees.csv": "1.x",
    "interpretation_services.csv": "1.x",
    "services_taxonomy.csv": "1.x",
    "service_taxonomy.csv": "1.x",
    "physical_addresses.csv": "2.x",
    "postal_addresses.csv": "2.x",
    "services_at_location.csv": "2.x",
    "service_attributes.csv": "2.x",
    "other_attributes.csv": "2.x",
    "accessibility_for_disabilities.csv": "2.x",
    "payments_accepted.csv": "2.x",
    "eligibility.csv": "2.x",
}
#: Old columns that 3.0 renamed: their presence alone says the package is older.
_OLD_COLUMNS = {
    "organizations.csv": "url",
    "languages.csv": "language",
    "service_areas.csv": "service_area",
    "taxonomy_terms.csv": "term",
}
#: Columns holding a reference, and the table the id belongs to.
REFERENCES = {
    "organization_id": "organizations",
    "parent_organization_id": "organizations",
    "service_id": _SERVICE,
    "location_id": "locations",
    "service_at_location_id": "service_at_locations",
    "contact_id": "contacts",
    "phone_id": "phones",
    "program_id": "programs",
    "taxonomy_term_id": "taxonomy_terms",
    "taxonomy_id": "taxonomies",
}
_ENTITIES = {
    "service": _SERVICE,
    "organization": "organizations",
    "location": "locations",
    "service_at_location": "service_at_locations",
}
_WEEKDAYS = {
    **{str(n): code for n, code in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), 1)},
    **{
        name: code
        for code, names in {
            "MO": ("monday", "mon", "lunes", "lun", "mo"),
            "TU": ("tuesday", "tue", "tues", "martes", "mar", "tu"),
            "WE": ("wednesday", "wed", "miercoles", "miércoles", "mie", "mié", "we"),
            "TH": ("thursday", "thu", "thur", "thurs", "jueves", "jue", "th"),
            "FR": ("friday", "fri", "viernes", "vie", "fr"),
            "SA": ("saturday", "sat", "sabado", "sábado", "sab", "sáb", "sa"),
            "SU": ("sunday", "sun", "domingo", "dom", "su"),
        }.items()
        for name in names
    },
}


_OLD_ID = re.compile(r"^\d+$")


def detect_version(files: Mapping[str, Opener]) -> str:
    """``3.0``, or the older version a package is written in."""
    package = files.get("datapackage.json")
    if package is not None:
        try:
            with package() as stream:
                version = str(json.loads(stream.read().decode("utf-8-sig")).get("version") or "")
        except (ValueError, UnicodeDecodeError, AttributeError):
            version = ""
        if version[:1] in {"1", "2"}:
            return version
        if version[:1] == "3":
            return "3.0"
    older = {_ONLY_OLD[name] for name in files if name in _ONLY_OLD}
    if older:
        return min(older)
    for name, column in _OLD_COLUMNS.items():
        if name in files and column in _header(files[name]):
            return "2.x"
    for name in ("organizations.csv", "services.csv"):
        ids = _first_ids(files[name]) if name in files else []
        if ids and all(_OLD_ID.match(i) for i in ids):
            return "2.x"
    return "3.0"


def _first_ids(opener: Opener) -> list[str]:
    """The first ids of a CSV file; none when it is unreadable (the reader says why)."""
    try:
        with opener() as stream:
            reader = csv.DictReader(text_lines(stream), strict=True)
            return [
                row["id"].strip()
                for row, _ in zip(reader, range(50), strict=False)
                if row.get("id")
            ]
    except (ValueError, csv.Error, KeyError):
        return []


def _header(opener: Opener) -> list[str]:
    """The column names of a CSV file (none when unreadable)."""
    try:
        with opener() as stream:
            return [c.strip() for c in next(csv.reader(text_lines(stream)), [])]
    except (ValueError, csv.Error):
        return []


def _rows(stream: IO[bytes]) -> Iterator[dict[str, str]]:
    """A CSV file's rows as dicts (cells beyond the header dropped), read as they come."""
    reader = csv.reader(text_lines(stream))
    header = [c.strip() for c in next(reader, [])]
    for cells in reader:
        if any(cells):
            yield dict(zip(header, cells, strict=False))


def _new_id(table: str, old: str) -> str:
    """The UUID of an old id: itself when already a UUID, else derived from table and id."""
    old = old.strip()
    if not old or is_uuid(old):
        return old
    return derived_id("hsds-upgrade", table, old)


def _upgrade_row(spec: OldTable, row: dict[str, str]) -> dict[str, str]:
    """One old row as a 3.0 row: renamed columns, constants, UUIDs, weekday codes."""
    new: dict[str, str] = {}
    for column, value in row.items():
        target = spec.renames.get(column, column)
        if new.get(target):
            continue  # a 3.0 column given alongside its old name wins
        new[target] = value
    for column, value in spec.constants.items():
        if not new.get(column):
            new[column] = value
    if "byday" in new and spec.renames.get("weekday") == "byday":
        day = new["byday"].strip().lower()
        new["byday"] = _WEEKDAYS.get(day, new["byday"])
    new["id"] = _new_id(spec.table, new.get("id", ""))
    for column, table in REFERENCES.items():
        if new.get(column):
            new[column] = _new_id(table, new[column])
    if new.get("parent_id"):
        new["parent_id"] = _new_id(spec.table, new["parent_id"])
    entity = _ENTITIES.get((new.get("link_entity") or "").strip().lower())
    if new.get("link_id") and entity:
        new["link_id"] = _new_id(entity, new["link_id"])
    return new


def upgrade(files: dict[str, Opener], scratch: Path) -> tuple[dict[str, Opener], str, list[str]]:
    """The files as HSDS 3.0, the version they were written in, and notes for the report.

    Upgraded tables are written row by row into ``scratch`` (a temporary folder the
    caller removes), so an old package is never held whole either.
    """
    version = detect_version(files)
    if version == "3.0" or not any(name.endswith(".csv") for name in files):
        return files, version, []
    notes = [f"HSDS {version} package upgraded to 3.0 (ids that are not UUIDs are derived)"]
    members: dict[str, list[tuple[str, OldTable]]] = {}
    upgraded: dict[str, Opener] = {}
    for name in sorted(files):
        spec = OLD_TABLES.get(name)
        if spec is not None:
            members.setdefault(spec.target, []).append((name, spec))
        elif name in NOT_UPGRADED:
            notes.append(f"{name}: HSDS {version} table Enlace has no place for; not read")
        elif name != "datapackage.json":
            upgraded[name] = files[name]
    located = "location_id" in _header(files["services.csv"]) if "services.csv" in files else False
    known: set[tuple[str, str]] = set()  # (service, location) pairs linked already (1.0 only)
    links = _Table(scratch / "links-1.0.csv", ["id", "service_id", "location_id"])
    order = sorted(members, key=lambda target: target == "services.csv")  # services last
    for target in order:
        path = scratch / target
        header = list(
            dict.fromkeys(
                column
                for name, spec in members[target]
                for column in [
                    *(spec.renames.get(c, c) for c in _header(files[name])),
                    *spec.constants,
                ]
            )
        )
        out = _Table(path, header)
        try:
            for name, spec in members[target]:
                with files[name]() as stream:
                    for row in _rows(stream):
                        new = _upgrade_row(spec, row)
                        out.write(new)
                        if target == "service_at_location.csv" and located:
                            known.add((new.get("service_id", ""), new.get("location_id", "")))
                        if target == "services.csv":
                            _link_of_1_0(new, known, links)
        except (ValueError, csv.Error):
            out.close()
            upgraded[target] = files[name]  # the 3.0 reader names the problem
            continue
        out.close()
        upgraded[target] = opener(path)
    links.close()
    if links.count:
        _append(scratch, upgraded, links)
    return upgraded, version, notes


class _Table:
    """One upgraded CSV file, written a row at a time."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self.header = header
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(header)
        self.count = 0

    def write(self, row: dict[str, str]) -> None:
        self.writer.writerow([row.get(column, "") for column in self.header])
        self.count += 1

    def close(self) -> None:
        self.handle.close()


def _link_of_1_0(service: dict[str, str], known: set[tuple[str, str]], links: _Table) -> None:
    """HSDS 1.0 put a service's location on the service (``location_id``): 3.0 links them
    with a service_at_location, whose id is derived from the two."""
    if not service.get("location_id") or not service.get("id"):
        return
    pair = (service["id"], service["location_id"])
    if pair in known:
        return
    known.add(pair)
    links.write(
        {
            "id": derived_id("hsds-upgrade", "service_at_locations", *pair),
            "service_id": pair[0],
            "location_id": pair[1],
        }
    )


def _append(scratch: Path, upgraded: dict[str, Opener], links: _Table) -> None:
    """Add the 1.0 links to the upgraded ``service_at_location.csv`` (or make it)."""
    target = scratch / "service_at_location.csv"
    if "service_at_location.csv" not in upgraded:
        links.path.rename(target)
    elif target.exists():
        header = _header(opener(target))
        with target.open("a", encoding="utf-8", newline="") as out, links.path.open("rb") as rows:
            writer = csv.writer(out, lineterminator="\n")
            for row in _rows(rows):
                writer.writerow([row.get(column, "") for column in header])
    upgraded["service_at_location.csv"] = opener(target)
