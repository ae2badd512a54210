"""Every value of every labelled enum has a real Spanish and English label (never its code)."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

import pytest
from flask import Flask
from flask_babel import force_locale

from enlace import create_app
from enlace.catalogue.vocab import LANGUAGES
from enlace.web import labels

CASES = [
    (enum, member)
    for enum, table in labels.ENUM_TABLES
    for member in enum  # type: ignore[attr-defined]
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("labels")
    yield create_app(
        {"INSTANCE_PATH": str(instance), "SECRET_KEY": "labels", "DATABASE_URL": "sqlite://"}
    )


@pytest.mark.parametrize(
    ("enum", "member"), CASES, ids=[f"{e.__name__}.{m.name}" for e, m in CASES]
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_enum_value_has_a_label(
    app: Flask, enum: type[StrEnum], member: StrEnum, language: str
) -> None:
    table = dict(labels.ENUM_TABLES)[enum]  # type: ignore[arg-type]
    assert member in table, f"{enum.__name__}.{member.name} has no label"
    with app.test_request_context(), force_locale(language):
        text = str(table[member])
        assert text.strip(), f"{enum.__name__}.{member.name} has an empty {language} label"
        assert text != member.value, f"{enum.__name__}.{member.name} shows its code ({language})"
        assert labels.label(table, member.value) == text  # the plain code finds it too


def test_every_table_is_keyed_by_its_own_enum_only() -> None:
    for enum, table in labels.ENUM_TABLES:
        assert set(table) == set(enum), enum.__name__  # type: ignore[arg-type]
        assert all(isinstance(key, enum) for key in table), enum.__name__


def test_spanish_and_english_labels_differ_where_the_words_do(app: Flask) -> None:
    """A whole table left untranslated would pass the checks above; this catches it."""
    for enum, table in labels.ENUM_TABLES:
        with app.test_request_context():
            with force_locale("es"):
                spanish = [str(v) for v in table.values()]
            with force_locale("en"):
                english = [str(v) for v in table.values()]
        assert spanish != english, enum.__name__


def test_unknown_codes_fall_back_to_the_code_and_none_to_nothing() -> None:
    assert labels.label(labels.KINDS, "something_new") == "something_new"
    assert labels.label(labels.KINDS, None) == ""


@pytest.mark.parametrize("table", [labels.ONLY_AVAILABLE_IN, labels.OFFER_ONLY_AVAILABLE_IN])
def test_every_content_language_has_its_only_available_notice(
    app: Flask, table: dict[str, object]
) -> None:
    assert set(table) == set(LANGUAGES)
    with app.test_request_context():
        for language in ("es", "en"):
            with force_locale(language):
                notices = {str(v) for v in table.values()}
            assert len(notices) == len(LANGUAGES) and all(n.strip() for n in notices)
