"""The evaluation dashboard as JSON (``/api/v1/evaluation``): the same filters, scope and
suppression as the coordinators' pages (every table is a published one; hidden is null).

Coordinators and admins (``NETWORK_REPORTS``), signed in or with an API token carrying the
``network`` scope (as the network's coverage report); a regional coordinator gets their
region by default, and 403 ``out_of_scope`` for another (the pages narrow quietly; a client
must not take one region's figures for another's). The query and response models below are in the
OpenAPI document.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ConfigDict, Field, model_validator
from spectree import Response

from enlace.accounts.policy import Permission, may_see_region
from enlace.accounts.tokens import TokenScope
from enlace.casework.followups import months_setting
from enlace.catalogue.vocab import NeedDomain
from enlace.db import get_session
from enlace.evaluation import service
from enlace.evaluation.queries import Filters
from enlace.web.access import acting_user, requires
from enlace.web.api import blueprint
from enlace.web.api.errors import ApiError, error_body
from enlace.web.api.scopes import require_token_scope
from enlace.web.openapi import ErrorResponse, spec

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


_READ: dict[str, Any] = {
    "HTTP_400": ErrorResponse,
    "HTTP_401": ErrorResponse,
    "HTTP_403": ErrorResponse,
    "HTTP_429": ErrorResponse,
}


def _dashboard() -> service.Dashboard:
    """The dashboard for this request's query, within the caller's scope."""
    require_token_scope(TokenScope.NETWORK)
    query: EvaluationQuery = request.context.query  # type: ignore[attr-defined]
    actor = acting_user()
    if query.region and not may_see_region(actor, query.region):
        # Said, not silently narrowed: a client must not take region 13's figures for 7's.
        raise ApiError(403, "This region is outside your scope.", code="out_of_scope")
    return service.dashboard(
        get_session(),
        actor,
        query.filters(date.today()),
        split=query.split,
        threshold=int(current_app.config.get("SMALL_CELL", 5)),
        months=months_setting(current_app.config.get("FOLLOW_UP_MONTHS")),
    )


@blueprint.get("/evaluation")
@requires(Permission.NETWORK_REPORTS)
@spec.validate(
    query=EvaluationQuery,
    resp=Response(HTTP_200=EvaluationOut, **_READ),
    tags=["enlace"],
    operation_id="evaluation",
)
def evaluation() -> ResponseReturnValue:
    """Every table of the evaluation dashboard for the period, region, centre and need
    domain (the caller's region for a regional coordinator); hidden counts are null."""
    board = _dashboard()
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
@spec.validate(
    query=EvaluationQuery,
    resp=Response(HTTP_200=TableOut, HTTP_404=ErrorResponse, **_READ),
    tags=["enlace"],
    operation_id="evaluationTable",
)
def evaluation_table(key: str) -> ResponseReturnValue:
    """One table of the dashboard by its key (``funnel_month``, ``loop``...: the keys of
    ``tables`` in ``GET /api/v1/evaluation``); an unknown key is a 404."""
    board = _dashboard()
    if key not in board.tables:
        body: dict[str, Any] = error_body(404, "No such evaluation table.")
        return jsonify(body), 404
    return jsonify(TableOut.model_validate(board.tables[key].to_json()).model_dump(mode="json"))
