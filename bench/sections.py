"""Sections of BENCHMARKS.md that one benchmark owns, between its two HTML comments.

Each benchmark rewrites only its own section, so running one of them alone keeps the
figures of the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Section:
    """The markers around one benchmark's part of the report."""

    start: str
    end: str

    def existing(self, path: Path) -> str | None:
        """This section of an existing report (markers included), or None."""
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if self.start not in text or self.end not in text:
            return None
        return self.start + text.split(self.start, 1)[1].split(self.end, 1)[0] + self.end

    def write(self, path: Path, section: str) -> None:
        """Replace this section of the report, or append it; the rest stays as it is."""
        text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
        if self.start in text and self.end in text:
            before, rest = text.split(self.start, 1)
            _, after = rest.split(self.end, 1)
            text = before + section + after
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        path.write_text(text, encoding="utf-8")
