"""The casework pages' pure helpers: the level chart, the read-aloud code, the shared
data in words (never a code, never more than given)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest
from flask import Flask
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st

from enlace import create_app
from enlace.web.letter_view import shared_lines
from enlace.web.staff.casework_common import spaced_code
from enlace.web.staff.chart import HEIGHT, SCALE, WIDTH, domain_chart

LEVELS = st.sampled_from([*SCALE, "unknown"])


@given(st.lists(LEVELS, min_size=1, max_size=12))
def test_the_chart_draws_every_known_level_inside_the_box(levels: list[str]) -> None:
    chart = domain_chart("housing", levels)
    assert len(chart.points) == sum(level in SCALE for level in levels)
    for point in chart.points:
        assert 0 <= point.x <= WIDTH and 0 <= point.y <= HEIGHT
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs)  # oldest on the left
    # a line joins two neighbouring assessments only when both levels are known
    known_pairs = sum(a in SCALE and b in SCALE for a, b in pairwise(levels))
    assert len(chart.segments) == known_pairs


def test_higher_needs_are_drawn_higher() -> None:
    chart = domain_chart("employment", ["none", "low", "medium", "high"])
    ys = [p.y for p in chart.points]
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 4


def test_a_code_is_spelled_for_reading_aloud() -> None:
    assert spaced_code("AB3D-EFGH") == "A B 3 D – E F G H"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("casework-views")
    yield create_app(
        {"INSTANCE_PATH": str(instance), "SECRET_KEY": "views", "DATABASE_URL": "sqlite://"}
    )


def test_shared_data_is_in_words(app: Flask) -> None:
    data = {
        "code": "AB3D-EFGH",
        "age": 34,
        "needs": {"housing": "high"},
        "attributes": {"region": "7", "housing_status": "homeless", "has_children": True},
    }
    with app.test_request_context(), force_locale("es"):
        lines = shared_lines(data, {"7": "Maule"})
    text = {line.label: line.value for line in lines}
    assert text["Código de participante"] == "AB3D-EFGH"
    assert text["Edad"] == "34 años"
    assert "Maule" in text.values() and "homeless" not in " ".join(text.values())
    assert "Sí" in text.values()
    assert len(lines) == 6  # one line per shared item, nothing added


def test_nothing_shared_but_the_code(app: Flask) -> None:
    with app.test_request_context():
        assert [line.value for line in shared_lines({"code": "AB3D-EFGH"}, {})] == ["AB3D-EFGH"]
