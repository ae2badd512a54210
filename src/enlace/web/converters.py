"""URL converters: Flask's ``int`` bounded to what a database key can hold.

Every ``<int:...>`` of the app names a row by its integer key, which PostgreSQL stores in
a 32-bit ``integer`` (and SQLite refuses beyond 64 bits). A larger number can name no
row, so it matches no route: the address answers the plain 404 (the JSON error under the
API, by :mod:`enlace.web.errors`) instead of overflowing in the query. Registered in
place of ``int`` before any blueprint, so every route gets it without saying so.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

#: The largest value of a PostgreSQL ``integer`` (the keys' type).
INT_MAX = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``int`` from 0 to :data:`INT_MAX`; anything larger does not match."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INT_MAX)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Replace ``int`` (call before registering the blueprints)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
