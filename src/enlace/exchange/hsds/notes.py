"""Warnings of an import, kept on disk past the first thousand.

A messy export gives a warning per repaired value (several per service), and the report
hands every one back (``--all-warnings`` prints them all), so held as strings they grew
with the export. :class:`Notes` keeps the first :data:`IN_MEMORY` in a list and spools the
rest, one JSON string a line, into an anonymous temporary file; it reads like a list.
"""

from __future__ import annotations

import json
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, overload

#: Warnings kept in memory; the rest go to the temporary file.
IN_MEMORY = 1000


class Notes:
    """An append-only list of warnings whose tail lives in a temporary file."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.head: list[str] = []
        self.spool: IO[str] | None = None
        self.count = 0
        self.read = False  # the file was read since the last write: write at its end again
        self.extend(items)

    def append(self, item: str) -> None:
        if self.count < IN_MEMORY:
            self.head.append(item)
        else:
            if self.spool is None:
                # lives as long as the report: closed (and gone) when the report is
                self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
                weakref.finalize(self, self.spool.close)
            if self.read:
                self.spool.seek(0, 2)
                self.read = False
            self.spool.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.count += 1

    def extend(self, items: Iterable[str]) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items: Iterable[str]) -> Notes:
        self.extend(list(items) if items is self else items)
        return self

    def __add__(self, items: Iterable[str]) -> Notes:
        return Notes([*self, *items])

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        yield from self.head
        if self.spool is None:
            return
        self.spool.flush()
        self.read = True
        with open(self.spool.fileno(), encoding="utf-8", closefd=False) as lines:
            lines.seek(0)
            for line in lines:
                yield str(json.loads(line))

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return list(self)[index] if self.spool is not None else self.head[index]
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        return next(islice(iter(self), index, None))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Notes | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Notes({self.count} warning(s))"
