"""The evaluation dashboard as JSON (``/api/v1/evaluation``): the same filters, scope and
suppression as the coordinators' pages (every table is a published one; hidden is null).

Session-authenticated coordinators for now (``NETWORK_REPORTS``); the query and response
models are Pydantic so the OpenAPI document can publish them once API tokens arrive.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from enlace.accounts.policy import Permission
from enlace.casework.followups import months_setting
from enlace.catalogue.vocab import NeedDomain
from enlace.db import get_session
from enlace.evaluation import service
from enlace.evaluation.queries import Filters
from enlace.web.access import requires, signed_in_user
from enlace.web.api import blueprint
from enlace.web.api.errors import error_body

MAX_DAYS = 3 * 366


class EvaluationQuery(BaseModel):
    """``GET /api/v1/evaluation`` query parameters (all optional)."""

    model_config = ConfigDict(extra="forbid")

    since: date | None = None
    until: date | None = None
    region: str | None = Field(default=None, max_length=2)
    centre: str | None = Field(default=None, max_length=36)
    domain: NeedDomain | None = None
    split: Literal["gender", "age", "region"] = "gender"

    @model_validator(mode="after")
    def _period(self) -> EvaluationQuery:
        if self.since and self.until and self.until < self.since:
            raise ValueError("until must not be before since")
        if self.since and self.until and (self.until - self.since).days > MAX_DAYS:
            raise ValueError("the period is at most three years")
        return self

    def filters(self, today: date) -> Filters:
        end = self.until or today
        start = self.since or date(end.year - 1, end.month, 1)
        return Filters(
            min(start, end),
            end,
            self.region or None,
            self.centre or None,
            self.domain.value if self.domain else None,
        )


class RateOut(BaseModel):
    key: str
    numerator: str
    base: str
    values: list[float | None]
    total: float | None


class FigureOut(BaseModel):
    key: str
    value: float | None
    base: int | None


class TableOut(BaseModel):
    """A published table: ``null`` where a count is hidden (small, or recoverable)."""

    key: str
    threshold: int
    rows: list[str]
    columns: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None] | None
    column_totals: list[int | None]
    total: int | None
    rates: list[RateOut]
    figures: list[FigureOut]


class EvaluationOut(BaseModel):
    since: date
    until: date
    region: str | None
    centre: str | None
    domain: str | None
    split: str
    names: dict[str, str]
    idle_agreements: list[str]
    tables: dict[str, TableOut]


def _query() -> EvaluationQuery | ResponseReturnValue:
    try:
        return EvaluationQuery.model_validate(dict(request.args))
    except ValidationError as error:
        body = error_body(400, "Invalid query parameters.")
        body["error"]["fields"] = [
            {"field": ".".join(str(p) for p in e["loc"]) or "query", "message": e["msg"]}
            for e in error.errors()
        ]
        return jsonify(body), 400


@blueprint.get("/evaluation")
@requires(Permission.NETWORK_REPORTS)
def evaluation() -> ResponseReturnValue:
    query = _query()
    if not isinstance(query, EvaluationQuery):
        return query
    board = service.dashboard(
        get_session(),
        signed_in_user(),
        query.filters(date.today()),
        split=query.split,
        threshold=int(current_app.config.get("SMALL_CELL", 5)),
        months=months_setting(current_app.config.get("FOLLOW_UP_MONTHS")),
    )
    f = board.filters
    out = EvaluationOut(
        since=f.start,
        until=f.end,
        region=f.region,
        centre=f.centre,
        domain=f.domain,
        split=board.split,
        names=board.names,
        idle_agreements=list(board.idle_agreements),
        tables={k: TableOut.model_validate(v) for k, v in board.to_json().items()},
    )
    return jsonify(out.model_dump(mode="json"))


@blueprint.get("/evaluation/<key>")
@requires(Permission.NETWORK_REPORTS)
def evaluation_table(key: str) -> ResponseReturnValue:
    """One table of the dashboard."""
    query = _query()
    if not isinstance(query, EvaluationQuery):
        return query
    board = service.dashboard(
        get_session(),
        signed_in_user(),
        query.filters(date.today()),
        split=query.split,
        threshold=int(current_app.config.get("SMALL_CELL", 5)),
        months=months_setting(current_app.config.get("FOLLOW_UP_MONTHS")),
    )
    if key not in board.tables:
        body: dict[str, Any] = error_body(404, "No such evaluation table.")
        return jsonify(body), 404
    return jsonify(TableOut.model_validate(board.tables[key].to_json()).model_dump(mode="json"))
