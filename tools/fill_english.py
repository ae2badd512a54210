"""Fill empty English translations with their source text (the msgids are English).

Run by `make translations` after `pybabel update`; Spanish entries are written by people.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill(path: Path) -> int:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string or ()):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, no_location=True, sort_output=True, width=100)
    return filled


if __name__ == "__main__":
    target = Path(
        sys.argv[1] if len(sys.argv) > 1 else "src/enlace/translations/en/LC_MESSAGES/messages.po"
    )
    print(f"{target}: filled {fill(target)} English message(s)")
