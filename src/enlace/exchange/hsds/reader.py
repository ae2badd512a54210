"""Read an HSDS dataset from a folder, a zip or one JSON file, in JSON or CSV form.

JSON files are found by name (``services.json``, ``service.json``, ``service_full.json``,
``service_list.json``...), may hold one object, a list or an API page (``contents``), and
objects may nest their children ("full" objects); nesting is flattened into tables with
the links it implies. CSV files are found by their data-package names. Nothing here
touches the catalogue database: a dataset that cannot be read raises before any write.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from contextlib import ExitStack
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from enlace.catalogue.errors import CatalogueDataError, Problem
from enlace.exchange.hsds.records import Collector, RawDataset
from enlace.exchange.hsds.skipping import ENTITY_TABLES, LINK_FIELDS
from enlace.exchange.hsds.spec import ALIASES, TABLES
from enlace.exchange.hsds.tabular import Opener, opener, read_table
from enlace.exchange.hsds.upgrade import upgrade

_CSV_FILES = {table.csv: table for table in TABLES.values()}

#: Which nested property of an HSDS object holds which child table, and how it links.
#: ``("child", fk)``: each child gets ``fk`` = the parent's id;
#: ``("parent", fk)``: the parent gets ``fk`` = the child's id.
NESTED: dict[str, dict[str, tuple[str, str, str]]] = {
    "organizations": {
        "contacts": ("contacts", "child", "organization_id"),
        "phones": ("phones", "child", "organization_id"),
        "locations": ("locations", "child", "organization_id"),
        "programs": ("programs", "child", "organization_id"),
        "organization_identifiers": ("organization_identifiers", "child", "organization_id"),
        "funding": ("funding", "child", "organization_id"),
        "services": ("services", "child", "organization_id"),
    },
    "services": {
        "phones": ("phones", "child", "service_id"),
        "schedules": ("schedules", "child", "service_id"),
        "service_areas": ("service_areas", "child", "service_id"),
        "service_at_locations": ("service_at_locations", "child", "service_id"),
        "languages": ("languages", "child", "service_id"),
        "funding": ("funding", "child", "service_id"),
        "cost_options": ("cost_options", "child", "service_id"),
        "required_documents": ("required_documents", "child", "service_id"),
        "contacts": ("contacts", "child", "service_id"),
        "organization": ("organizations", "parent", "organization_id"),
        "program": ("programs", "parent", "program_id"),
    },
    "service_at_locations": {
        "contacts": ("contacts", "child", "service_at_location_id"),
        "phones": ("phones", "child", "service_at_location_id"),
        "schedules": ("schedules", "child", "service_at_location_id"),
        "location": ("locations", "parent", "location_id"),
        "service": ("services", "parent", "service_id"),
    },
    "locations": {
        "languages": ("languages", "child", "location_id"),
        "addresses": ("addresses", "child", "location_id"),
        "contacts": ("contacts", "child", "location_id"),
        "accessibility": ("accessibility", "child", "location_id"),
        "phones": ("phones", "child", "location_id"),
        "schedules": ("schedules", "child", "location_id"),
    },
    "contacts": {"phones": ("phones", "child", "contact_id")},
    "phones": {"languages": ("languages", "child", "phone_id")},
    "attributes": {"taxonomy_term": ("taxonomy_terms", "parent", "taxonomy_term_id")},
    "taxonomy_terms": {"taxonomy_detail": ("taxonomies", "parent", "taxonomy_id")},
}

_IGNORED = {"datapackage.json"}


def _table_for(file_name: str) -> str | None:
    """The table a JSON file holds, from its name (``service_full.json`` -> services)."""
    stem = PurePosixPath(file_name).stem
    for suffix in ("_full", "_list", ""):
        if suffix and not stem.endswith(suffix):
            continue
        key = ALIASES.get(stem.removesuffix(suffix) if suffix else stem)
        if key is not None:
            return key
    return None


def _recognised(name: str) -> bool:
    """Whether a file name is an HSDS table this reader knows."""
    base = PurePosixPath(name).name
    if base in _CSV_FILES:
        return True
    return base.endswith(".json") and base not in _IGNORED and _table_for(base) is not None


def _from_zip(path: Path, stack: ExitStack) -> dict[str, Opener]:
    """The data files of the one folder in a zip that holds HSDS tables (kept open on
    ``stack`` while they are read)."""
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError) as exc:
        raise CatalogueDataError([_problem(path.name, f"not a readable zip file: {exc}")]) from exc
    names = [n for n in archive.namelist() if not n.endswith("/") and _recognised(n)]
    folders = sorted({str(PurePosixPath(n).parent) for n in names}, key=lambda f: (f.count("/"), f))
    if not folders:
        return {}
    top = [f for f in folders if f.count("/") == folders[0].count("/")]
    if len(top) > 1:
        raise CatalogueDataError(
            [_problem(path.name, f"holds several datasets ({', '.join(top)}); zip one of them")]
        )
    chosen = folders[0]
    return {
        PurePosixPath(n).name: partial(archive.open, n)
        for n in archive.namelist()
        if _data_file(n) and str(PurePosixPath(n).parent) == chosen
    }


def _problem(file: str, message: str) -> Problem:
    """A problem with a whole source (no row, no field)."""
    return Problem(file, None, None, message)


def _data_file(name: str) -> bool:
    """JSON and CSV files; anything else in a folder is not looked at."""
    return name.lower().endswith((".json", ".csv"))


def open_source(path: Path, stack: ExitStack) -> dict[str, Opener]:
    """Openers of the JSON and CSV files of a folder, a zip or a single JSON file, by
    base name; nothing is read yet."""
    if path.is_dir():
        return {
            p.name: opener(p) for p in sorted(path.iterdir()) if p.is_file() and _data_file(p.name)
        }
    if path.suffix.lower() == ".zip":
        return _from_zip(path, stack)
    if path.is_file() and path.suffix.lower() == ".json":
        return {path.name: opener(path)}
    raise CatalogueDataError([_problem(str(path), "not a folder, a .zip or a .json file")])


class _JsonReader:
    """Flattens JSON documents (lists, pages, single or nested objects) into tables."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector

    def document(self, name: str, content: bytes) -> None:
        """One JSON file: a list, a single object or an API page."""
        try:
            document = json.loads(content.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            self.collector.problem(name, None, None, f"not UTF-8 text (byte {exc.start})")
            return
        except json.JSONDecodeError as exc:
            self.collector.problem(
                name, f"line {exc.lineno}, column {exc.colno}", None, f"invalid JSON: {exc.msg}"
            )
            return
        key = _table_for(name)
        assert key is not None
        if isinstance(document, dict) and isinstance(document.get("contents"), list):
            document = document["contents"]  # a page of the HSDS API
        if isinstance(document, dict):
            self.record(key, document, name, "[0]", None)
        elif isinstance(document, list):
            for index, item in enumerate(document):
                self.record(key, item, name, f"[{index}]", None)
        else:
            self.collector.problem(
                name, None, None, "expected a JSON list of records or one record"
            )

    def record(
        self, key: str, raw: Any, file: str, row: str, link: tuple[str, str] | None
    ) -> str | None:
        """Check one (possibly nested) record, add it, and return its id."""
        if not isinstance(raw, dict):
            self.collector.problem(
                file, row, None, f"expected an object, found {type(raw).__name__}"
            )
            return None
        table = TABLES[key]
        nested = NESTED.get(key, {})
        mark = len(self.collector.problems)
        data = self.collector.check(
            table, {k: v for k, v in raw.items() if k not in nested}, file, row
        )
        if link is not None:
            fk, parent_id = link
            if data.get(fk) not in (None, parent_id):
                self.collector.problem(
                    file, row, fk, f"{data[fk]} contradicts the enclosing record {parent_id}"
                )
            data[fk] = parent_id
        self.collector.identify(key, data, file, row)
        own = self.collector.problems[mark:]
        record_id = data.get("id")
        for prop, (child_key, mode, fk) in nested.items():
            value = raw.get(prop)
            if value is None:
                continue
            where = f"{row}.{prop}"
            if mode == "parent":
                child_id = self.record(child_key, value, file, where, None)
                if child_id is not None and data.get(fk) not in (None, child_id):
                    self.collector.problem(
                        file, row, fk, f"{data[fk]} contradicts the nested {prop} {child_id}"
                    )
                elif child_id is not None:
                    data[fk] = child_id
            elif not isinstance(value, list):
                self.collector.problem(file, where, None, "expected a list")
            elif record_id is not None:
                for index, item in enumerate(value):
                    self.record(child_key, item, file, f"{where}[{index}]", (fk, record_id))
        if record_id is not None:
            self._generic_children(raw, key, record_id, file, row)
        self.collector.add(key, data, file, row, own)
        return str(record_id) if record_id is not None else None

    def _generic_children(
        self, raw: dict[str, Any], key: str, record_id: str, file: str, row: str
    ) -> None:
        """``attributes`` and ``metadata`` may hang off any object; they link by id and table."""
        entity = TABLES[key].name
        for prop, link_field, entity_field in (
            ("attributes", "link_id", "link_entity"),
            ("metadata", "resource_id", "resource_type"),
        ):
            items = raw.get(prop)
            if prop in NESTED.get(key, {}) or not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                linked = {**item, entity_field: entity} if isinstance(item, dict) else item
                self.record(prop, linked, file, f"{row}.{prop}[{index}]", (link_field, record_id))


def read_dataset(path: Path, *, lenient: bool = False) -> RawDataset:
    """Read and check a dataset into a staged :class:`RawDataset` (close it when done);
    raise :class:`CatalogueDataError` listing every problem.

    Older HSDS (1.x, 2.x) is upgraded to 3.0 first. CSV files are read a row at a time;
    a JSON file is parsed whole (JSON has no rows), then its records are staged. Read
    ``lenient``-ly, a record with problems is left out and noted in ``skipped``; only
    problems that belong to no one record (an unreadable file, a missing column) still
    stop the import.
    """
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="enlace-hsds-")))
        files, version, notes = upgrade(open_source(Path(path), stack), scratch)
        collector = _collect(files, str(path), lenient, notes)
    collector.dataset.staging.index_links(LINK_FIELDS, ENTITY_TABLES)
    if collector.fatal():
        collector.dataset.close()
        raise CatalogueDataError(collector.fatal())
    collector.dataset.version = version
    return collector.dataset


def _collect(files: dict[str, Opener], source: str, lenient: bool, notes: list[str]) -> Collector:
    """Stage every recognised file: CSV tables in the spec's order, else JSON documents."""
    csv_files = {name: content for name, content in files.items() if name in _CSV_FILES}
    if csv_files:
        collector = Collector("csv", lenient=lenient)
        collector.dataset.warnings.extend(notes)
        for table in TABLES.values():
            if table.csv in csv_files:
                with csv_files[table.csv]() as stream:
                    read_table(collector, table, table.csv, stream)
        used = set(csv_files) | _IGNORED
    else:
        collector = Collector("json", lenient=lenient)
        collector.dataset.warnings.extend(notes)
        reader = _JsonReader(collector)
        used = {name for name in files if _recognised(name)}
        for name in sorted(used):
            with files[name]() as stream:
                reader.document(name, stream.read())
    if not used:
        collector.problem(
            source, None, None, "no HSDS files found (e.g. services.json or services.csv)"
        )
    ignored = sorted(set(files) - used)
    if ignored:
        collector.warn(f"ignored files that are not HSDS tables: {', '.join(ignored)}")
    return collector
