"""Errors the account services raise, with a message fit to show the person."""

from __future__ import annotations

from flask_babel import LazyString


class AccountError(ValueError):
    """A request the account services refuse; ``field`` names the form field it concerns."""

    def __init__(self, message: LazyString | str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
