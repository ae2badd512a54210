"""An agreement's changes in plain words (web/coordinator/agreement_text.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_babel import force_locale

from enlace import create_app
from enlace.network.errors import FieldChange
from enlace.network.history import HistoryEntry
from enlace.web.coordinator.agreement_text import SHOWN_TEXT, change_lines, history_rows

NAMES = {"omil": ("OMIL Talca", "Talca Job Office"), "curso": ("Curso de soldadura", None)}
REGIONS = {"7": "Maule", "": "Nacional"}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("agreement-text")
    yield create_app(
        {"INSTANCE_PATH": str(instance), "SECRET_KEY": "text", "DATABASE_URL": "sqlite://"}
    )


CASES = [
    # change, language, label, party, before, after
    (FieldChange("kind", "priority_access", "reserved_quota"), "en",
     "Kind", None, "Priority access", "Reserved places"),
    (FieldChange("kind", "priority_access", "reserved_quota"), "es",
     "Tipo", None, "Acceso preferente", "Cupos reservados"),
    (FieldChange("valid_to", "2026-12-31", "2027-06-30"), "en",
     "Valid until", None, "December 31, 2026", "June 30, 2027"),
    (FieldChange("valid_to", None, "2027-06-30"), "es",
     "Vigente hasta", None, "nada", "30 de junio de 2027"),
    (FieldChange("region_code", None, "7"), "en", "Region", None, "Nacional", "Maule"),
    (FieldChange("quota", None, 12), "en", "Quota", None, "none", "12"),
    (FieldChange("quota_period", "year", "month"), "en",
     "Quota period", None, "per year", "per month"),
    (FieldChange("domains", ["employment"], ["employment", "housing"]), "en",
     "Need domains covered", None, "Employment", "Employment, Housing"),
    (FieldChange("offer_ids", [], ["curso"]), "en", "Offers covered", None, "none",
     "Curso de soldadura"),
    (FieldChange("contact_name", None, "Rosa Díaz", "omil"), "en",
     "Contact person", "Talca Job Office", "none", "Rosa Díaz"),
    (FieldChange("party", None, {"role": "provider", "contact_name": "Rosa"}, "omil"), "es",
     "Parte", "OMIL Talca", "nada", "Oferente (da acceso a sus ofertas) · Rosa"),
    (FieldChange("status", "active", "suspended"), "es", "Estado", None, "Vigente", "Suspendido"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "language", "label", "party", "before", "after"), CASES)
def test_a_change_in_plain_words(
    app: Flask,
    change: FieldChange,
    language: str,
    label: str,
    party: str | None,
    before: str,
    after: str,
) -> None:
    with app.test_request_context(), force_locale(language):
        (line,) = change_lines([change], NAMES, REGIONS)
    assert (line.label, line.party, line.before, line.after) == (label, party, before, after)


def test_long_texts_are_shortened(app: Flask) -> None:
    change = FieldChange("description_es", "a" * 500, "b")
    with app.test_request_context(), force_locale("en"):
        (line,) = change_lines([change], NAMES, REGIONS)
    assert len(line.before) == SHOWN_TEXT and line.before.endswith("…")


def test_history_is_newest_first_and_a_creation_lists_no_fields(app: Flask) -> None:
    def entry(action: str, minute: int) -> HistoryEntry:
        at = datetime(2026, 6, 1, 12, minute, tzinfo=UTC)
        changes = (FieldChange("quota", None, 3),)
        return HistoryEntry(at, "ana@example.org", "coordinator", action, None, 1, changes, None)

    with app.test_request_context(), force_locale("en"):
        rows = history_rows(
            [entry("agreement.created", 0), entry("agreement.updated", 5)], NAMES, REGIONS, {}
        )
    assert [r.action_label for r in rows] == ["Agreement changed", "Agreement created"]
    assert rows[0].actor_role == "Network coordinator"
    assert len(rows[0].lines) == 1 and rows[1].lines == ()
