"""The coverage heatmap's geometry and colours (pure: numbers and strings in, shapes out).

Colours come from cividis (readable with every common colour-vision deficiency, and in
greys), light for few offers and dark for many, with a neutral tint for none; each
cell's number is printed in black or white, whichever contrasts more with its fill
(WCAG relative luminance). The template draws the shapes as inline SVG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Fill of a cell with nothing (0).
ZERO = "#f4f5f7"
#: Fill of a hidden count (small-cell suppression), drawn with a ✱ instead of a number.
HIDDEN = "#ffffff"
#: Cividis (plotly's ten-step table, every other step), light to dark, for 1 and more.
STEPS: tuple[str, ...] = ("#fee838", "#c3b369", "#8a8678", "#575d6d", "#123570", "#00224e")
BLACK = "#000000"
WHITE = "#ffffff"

CELL_WIDTH = 56
CELL_HEIGHT = 32
ROW_LABELS = 250  # room for "Libertador General Bernardo O'Higgins"
COLUMN_LABELS = 170  # domain names, written at an angle


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink_for(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``."""
    return BLACK if contrast(fill, BLACK) >= contrast(fill, WHITE) else WHITE


@dataclass(frozen=True, slots=True)
class Step:
    """One colour of the scale and the counts it stands for (``low`` to ``high``)."""

    fill: str
    ink: str
    low: int
    high: int


def scale(maximum: int) -> tuple[Step, ...]:
    """The legend: 0, then up to six equal-width bins of whole numbers up to ``maximum``."""
    steps = [Step(ZERO, ink_for(ZERO), 0, 0)]
    if maximum < 1:
        return tuple(steps)
    bins = min(len(STEPS), maximum)
    width = maximum / bins
    low = 1
    for i in range(bins):
        high = maximum if i == bins - 1 else max(low, round((i + 1) * width))
        if high < low:
            continue
        steps.append(Step(STEPS[i], ink_for(STEPS[i]), low, high))
        low = high + 1
    return tuple(steps)


def step_for(value: int, steps: Sequence[Step]) -> Step:
    """The step a count falls in (the last one for anything above the scale)."""
    for step in steps:
        if step.low <= value <= step.high:
            return step
    return steps[-1]


@dataclass(frozen=True, slots=True)
class Value:
    """What one cell shows: its count (None: hidden, small-cell suppression), whether it
    is a gap, where it links, its name."""

    count: int | None
    gap: bool
    href: str
    label: str


@dataclass(frozen=True, slots=True)
class Cell:
    x: int
    y: int
    fill: str
    ink: str
    count: int | None
    gap: bool
    href: str
    label: str
    row: str
    column: str

    @property
    def hidden(self) -> bool:
        return self.count is None

    @property
    def centre_x(self) -> int:
        return self.x + CELL_WIDTH // 2

    @property
    def centre_y(self) -> int:
        return self.y + CELL_HEIGHT // 2


@dataclass(frozen=True, slots=True)
class Label:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: int
    cells: tuple[Cell, ...]
    rows: tuple[Label, ...]
    columns: tuple[Label, ...]
    steps: tuple[Step, ...]


def layout(
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    values: Mapping[tuple[str, str], Value],
) -> Heatmap:
    """Rows (code, name) by columns (code, name); every pair must have a value. A hidden
    count gets the :data:`HIDDEN` fill (the template marks it ✱, not a number)."""
    steps = scale(max((v.count for v in values.values() if v.count is not None), default=0))
    cells = []
    for i, (row, _) in enumerate(rows):
        for j, (column, _) in enumerate(columns):
            value = values[(row, column)]
            if value.count is None:
                fill, ink = HIDDEN, ink_for(HIDDEN)
            else:
                step = step_for(value.count, steps)
                fill, ink = step.fill, step.ink
            cells.append(
                Cell(
                    ROW_LABELS + j * CELL_WIDTH,
                    COLUMN_LABELS + i * CELL_HEIGHT,
                    fill,
                    ink,
                    value.count,
                    value.gap,
                    value.href,
                    value.label,
                    row,
                    column,
                )
            )
    return Heatmap(
        width=ROW_LABELS + len(columns) * CELL_WIDTH + 8,
        height=COLUMN_LABELS + len(rows) * CELL_HEIGHT + 8,
        cells=tuple(cells),
        rows=tuple(
            Label(ROW_LABELS - 8, COLUMN_LABELS + i * CELL_HEIGHT + CELL_HEIGHT // 2, name)
            for i, (_, name) in enumerate(rows)
        ),
        columns=tuple(
            Label(ROW_LABELS + j * CELL_WIDTH + CELL_WIDTH // 2, COLUMN_LABELS - 8, name)
            for j, (_, name) in enumerate(columns)
        ),
        steps=steps,
    )
