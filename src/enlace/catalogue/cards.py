"""Read-only records for public pages, read with plain queries instead of the ORM.

The ORM builds an object per row with its identity-map bookkeeping and runs a loader
per relationship: most of an offer page (a dozen related tables) and a quarter of a
search page went there. A :class:`Card` is a record's row, read with one query per
table of the page (rows of all parents at once), and reads like the record it stands
for: its columns (``card.slug``), the relations the page loaded (``card.agency.name_es``,
``card.areas[0].region_code``), and the model's own methods and properties
(``offer.domain_codes("primary")``), so views, templates and filters take either.

Asking a card for a column or relation of its model that the page did not load raises
:class:`NotLoadedError`, which a template does not swallow: a page that needs more says so
in its tests instead of quietly rendering nothing. A name the model does not have at
all raises ``AttributeError``, as the record would.
"""

from __future__ import annotations

import inspect
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from types import FunctionType, MethodType
from typing import Any

from sqlalchemy import BindParameter, Select, Table, bindparam, select
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, SQLModel

__all__ = ["Card", "Many", "NotLoadedError", "One", "load"]


class NotLoadedError(RuntimeError):
    """A page asked a card for a column or relation that its query did not load."""


class Card:
    """One record's loaded columns and relations, read-only."""

    __slots__ = ("_model", "_values")

    def __init__(self, model: type[SQLModel], values: dict[str, Any]) -> None:
        self._model = model
        self._values = values

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in Card.__slots__:
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            pass
        found = inspect.getattr_static(self._model, name, None)
        if isinstance(found, property) and found.fget is not None:
            return found.fget(self)
        if isinstance(found, FunctionType):
            return MethodType(found, self)
        if name in sa_inspect(self._model).attrs:
            raise NotLoadedError(f"{self._model.__name__}.{name} is not loaded on this card")
        raise AttributeError(f"{self._model.__name__} has no attribute {name!r}")

    def __repr__(self) -> str:
        key = self._values.get("slug") or self._values.get("id")
        return f"<{self._model.__name__} card {key!r}>"


@dataclass(frozen=True)
class Many:
    """Rows of ``model`` whose ``key`` column holds the parent's id, in ``order``."""

    attribute: str
    model: type[SQLModel]
    key: str
    order: tuple[str, ...] = ("position",)
    children: tuple[Many | One, ...] = ()


@dataclass(frozen=True)
class One:
    """The row of ``model`` whose id is in the parent's ``key`` column (or None)."""

    attribute: str
    model: type[SQLModel]
    key: str
    children: tuple[Many | One, ...] = ()


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


@cache
def _statement(model: type[SQLModel], key: str, order: tuple[str, ...]) -> Select[Any]:
    """Rows of ``model`` whose ``key`` is in a list, built once: SQLAlchemy then reuses
    its compiled form instead of building the expression and its cache key each time."""
    table = _table(model)
    keys: BindParameter[Any] = bindparam("keys", expanding=True)
    return select(table).where(table.c[key].in_(keys)).order_by(*(table.c[n] for n in order))


def _rows(
    session: Session, model: type[SQLModel], key: str, values: list[Any], order: tuple[str, ...]
) -> list[dict[str, Any]]:
    result = session.connection().execute(_statement(model, key, order), {"keys": values})
    columns = list(result.keys())
    return [dict(zip(columns, row, strict=True)) for row in result]


def _attach(session: Session, rows: list[dict[str, Any]], relation: Many | One) -> None:
    """Fill ``relation`` on every parent row with one query."""
    if isinstance(relation, Many):
        ids = [row["id"] for row in rows]
        children = _load(session, relation.model, relation.key, ids, relation)
        groups: dict[Any, list[Card]] = {}
        for child in children:
            groups.setdefault(child._values[relation.key], []).append(child)
        for row in rows:
            row[relation.attribute] = groups.get(row["id"], [])
        return
    keys = list({row[relation.key] for row in rows if row[relation.key] is not None})
    found = _load(session, relation.model, "id", keys, relation) if keys else []
    by_id = {card._values["id"]: card for card in found}
    for row in rows:
        row[relation.attribute] = by_id.get(row[relation.key])


def _load(
    session: Session, model: type[SQLModel], key: str, values: list[Any], relation: Many | One
) -> list[Card]:
    order = relation.order if isinstance(relation, Many) else ()
    rows = _rows(session, model, key, values, order)
    if rows:
        for child in relation.children:
            _attach(session, rows, child)
    return [Card(model, row) for row in rows]


def load(
    session: Session,
    model: type[SQLModel],
    key: str,
    values: Iterable[Any],
    relations: Iterable[Many | One] = (),
    order: tuple[str, ...] = (),
) -> list[Card]:
    """Cards of the rows of ``model`` whose ``key`` column is one of ``values``, with
    ``relations`` loaded (one query per relation, for all rows at once), in ``order``.

    Reads through the session's connection, so the cards see the same transaction as
    the rest of the request.
    """
    wanted = list(dict.fromkeys(values))
    if not wanted:
        return []
    return _load(session, model, key, wanted, Many("", model, key, order, tuple(relations)))


def by_key(cards: Iterable[Card], key: str = "id") -> dict[Any, Card]:
    return {card._values[key]: card for card in cards}


def in_order(cards: Iterable[Card], keys: Collection[Any], key: str) -> list[Card]:
    """The cards in the order of ``keys`` (a saved list, a page of hits); unknown keys
    are left out."""
    found = by_key(cards, key)
    return [found[k] for k in keys if k in found]
