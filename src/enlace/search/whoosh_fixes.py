"""A small correction to whoosh-reloaded 2.7.5, applied once on import.

``W3PerDocReader._cached_reader`` caches a field-lengths column reader only when the
column exists; for fields without lengths (unscored keyword and word fields) it asks the
file system again for every posting written. A full build of 100,000 offers made
hundreds of thousands of ``stat`` calls that way, a fifth of the build time. A finished
segment's columns never change, so remembering "no column" is safe.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    reader = readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
