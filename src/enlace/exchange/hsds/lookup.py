"""What the builder asks about the staged records, fetched a batch at a time.

Building one offer needs its cost options, languages, attributes, areas, documents,
links to locations, hours, phones and contacts. Asked one by one that is ten queries an
offer; instead the builder names a batch's ids first (``fetch_*``), each table is read
with one query per batch, and the answers are kept until :meth:`Lookups.forget` (the
next batch). A question about something not fetched is still answered, by its own query,
so fetching is only ever an optimisation.
"""

from __future__ import annotations

from collections.abc import Iterable

from enlace.exchange.hsds.records import RawDataset, Record, record


class Lookups:
    """Cached answers about staged records for the batch being built."""

    def __init__(self, raw: RawDataset) -> None:
        self.staging = raw.staging
        self.forget()

    def forget(self) -> None:
        """Drop every cached answer (a batch is done)."""
        self._children: dict[tuple[str, str], dict[str, list[Record]]] = {}
        self._owned: dict[tuple[str, str], dict[str, list[Record]]] = {}
        self._present: dict[str, dict[str, bool]] = {}
        self._records: dict[str, dict[str, Record | None]] = {}
        self._placed: dict[str, str | None] = {}
        self._unplaced: set[str] = set()

    # -- children (by a link field) and owned records (phones, contacts, hours) ----------
    def fetch_children(self, table: str, link: str, parents: Iterable[str]) -> list[Record]:
        """Fetch the children of ``parents``; return them all (to fetch what they need)."""
        wanted = set(parents)
        found = self.staging.children(table, link, wanted)
        cache = self._children.setdefault((table, link), {})
        for parent in wanted:
            cache[parent] = [record(row) for row in found.get(parent, [])]
        return [child for parent in wanted for child in cache[parent]]

    def children(self, table: str, link: str, parent: str) -> list[Record]:
        """Records of ``table`` whose ``link`` is ``parent``, in position then file order."""
        cached = self._children.get((table, link), {}).get(parent)
        if cached is not None:
            return cached
        return [record(row) for row in self.staging.children(table, link, [parent]).get(parent, [])]

    def fetch_owned(self, table: str, kind: str, owners: Iterable[str]) -> list[Record]:
        """Fetch the phones, contacts or hours of ``owners``; return them all."""
        wanted = set(owners)
        found = self.staging.owned(table, kind, wanted)
        cache = self._owned.setdefault((table, kind), {})
        for owner in wanted:
            cache[owner] = [record(row) for row in found.get(owner, [])]
        return [item for owner in wanted for item in cache[owner]]

    def owned(self, table: str, kind: str, owner: str) -> list[Record]:
        """The phones, contacts or hours of one owner, in order."""
        cached = self._owned.get((table, kind), {}).get(owner)
        if cached is not None:
            return cached
        return [record(row) for row in self.staging.owned(table, kind, [owner]).get(owner, [])]

    # -- records by id -------------------------------------------------------------------
    def fetch_present(self, table: str, ids: Iterable[str | None]) -> None:
        """Fetch which of ``ids`` are staged in ``table``."""
        wanted = {str(item) for item in ids if item is not None}
        found = self.staging.present(table, wanted)
        cache = self._present.setdefault(table, {})
        for item in wanted:
            cache[item] = item in found

    def present(self, table: str, record_id: str) -> bool:
        """Whether a record with this id is staged (not left out)."""
        cached = self._present.get(table, {}).get(record_id)
        if cached is not None:
            return cached
        return bool(self.staging.present(table, [record_id]))

    def fetch(self, table: str, ids: Iterable[str | None]) -> None:
        """Fetch the records ``ids`` of ``table``."""
        wanted = {str(item) for item in ids if item is not None}
        found = self.staging.get_many(table, wanted)
        cache = self._records.setdefault(table, {})
        for item in wanted:
            cache[item] = record(found[item]) if item in found else None

    def get(self, table: str, record_id: str | None) -> Record | None:
        """One staged record, or None."""
        if record_id is None:
            return None
        cache = self._records.get(table, {})
        if str(record_id) in cache:
            return cache[str(record_id)]
        row = self.staging.get(table, str(record_id))
        return record(row) if row else None

    # -- locations placed with an agency -------------------------------------------------
    def fetch_placed(self, ids: Iterable[str | None]) -> None:
        """Fetch which locations ``ids`` were placed (have an agency), with communes."""
        wanted = {str(item) for item in ids if item is not None}
        found = self.staging.placed(wanted)
        self._placed.update(found)
        self._unplaced.update(wanted - set(found))

    def placed(self, location_id: str) -> tuple[bool, str | None]:
        """Whether a location of the import was placed, and its commune."""
        if location_id in self._placed:
            return True, self._placed[location_id]
        if location_id in self._unplaced:
            return False, None
        found = self.staging.placed([location_id])
        return (True, found[location_id]) if location_id in found else (False, None)
