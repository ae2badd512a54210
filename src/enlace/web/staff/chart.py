"""A small server-drawn chart of one need domain's level over the assessments (pure:
levels in, points out). The template draws it as inline SVG next to a table with the same
numbers, so nothing depends on seeing the picture or on JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

#: Levels from the bottom of the chart up; "unknown" is left out (a gap in the line).
SCALE: tuple[str, ...] = ("none", "low", "medium", "high")
WIDTH = 240
HEIGHT = 80
PAD_X = 12
PAD_Y = 10


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    level: str


@dataclass(frozen=True, slots=True)
class DomainChart:
    domain: str
    points: tuple[Point, ...]
    segments: tuple[tuple[Point, Point], ...]  # lines between neighbouring known levels
    gridlines: tuple[tuple[str, float], ...]  # level -> y

    @property
    def known(self) -> bool:
        return bool(self.points)


def _y(level: str) -> float:
    step = (HEIGHT - 2 * PAD_Y) / (len(SCALE) - 1)
    return round(HEIGHT - PAD_Y - SCALE.index(level) * step, 1)


def domain_chart(domain: str, levels: Sequence[str]) -> DomainChart:
    """Points for the known levels at evenly spaced assessments, oldest on the left."""
    count = len(levels)
    span = WIDTH - 2 * PAD_X
    points: list[Point | None] = []
    for i, level in enumerate(levels):
        if level not in SCALE:
            points.append(None)
            continue
        x = PAD_X + (span * i / (count - 1) if count > 1 else span / 2)
        points.append(Point(round(x, 1), _y(level), level))
    segments = tuple((a, b) for a, b in pairwise(points) if a is not None and b is not None)
    return DomainChart(
        domain=domain,
        points=tuple(p for p in points if p is not None),
        segments=segments,
        gridlines=tuple((level, _y(level)) for level in SCALE),
    )
