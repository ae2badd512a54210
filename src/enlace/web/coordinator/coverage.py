"""Coverage of needs by region x need domain: the heatmap (server-drawn SVG and a table),
one cell's page, the gaps, and the CSV."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, request, url_for
from flask.typing import ResponseReturnValue

from enlace.accounts.policy import Permission
from enlace.casework import aggregate
from enlace.casework.aggregate import UnmetHighNeed
from enlace.catalogue.vocab import NeedDomain
from enlace.db import get_session
from enlace.i18n import _
from enlace.network import exploring, service
from enlace.network.coverage import Coverage, CoverageCell
from enlace.web import labels
from enlace.web.access import requires
from enlace.web.common import page
from enlace.web.coordinator import blueprint
from enlace.web.coordinator import scope as scoping
from enlace.web.coordinator.heatmap import Heatmap, Value, layout
from enlace.web.coordinator.network_forms import CoverageForm, DayForm, region_choices
from enlace.web.coordinator.scope import Scope, current_scope

PRIORITY = "prioridad"
UNMET = "necesidades"


def _coverage_form(scope: Scope) -> CoverageForm:
    form = CoverageForm(request.args)
    form.region.choices = region_choices(
        list(scope.regions), _("Whole country") if scope.national else None
    )
    if not request.args.get("region") and scope.region is not None:
        form.region.data = scope.region
    return form


def cell_label(region: str, domain: str, cell: CoverageCell) -> str:
    """A cell's accessible name: where, what, and both counts (and the gap)."""
    text = _(
        "%(region)s, %(domain)s: %(offers)d offers, %(priority)d with priority",
        region=region,
        domain=domain,
        offers=len(cell.offers),
        priority=len(cell.priority_offers),
    )
    if cell.no_priority:
        text += " " + _("(gap: no priority access)")
    return text


def unmet_label(region: str, domain: str, count: int | None) -> str:
    """A cell's accessible name for the unmet-need measure (a hidden count says so)."""
    if count is None:
        return _(
            "%(region)s, %(domain)s: participants with an unmet high need: hidden "
            "(fewer than 5 people, or it would reveal such a count)",
            region=region,
            domain=domain,
        )
    return _(
        "%(region)s, %(domain)s: %(count)d participants with an unmet high need",
        region=region,
        domain=domain,
        count=count,
    )


def heatmap(
    matrix: Coverage, scope: Scope, measure: str, day: str | None, unmet: UnmetHighNeed
) -> Heatmap:
    """The heatmap of one measure: offers, offers with priority, or participants with an
    unmet high need (published counts: hidden cells stay hidden)."""
    rows = [(r, scope.names.get(r, r)) for r in matrix.regions]
    columns = [(d, labels.label(labels.NEED_DOMAINS, d)) for d in matrix.domains]
    names = dict(columns)
    values = {}
    for region, region_name in rows:
        for domain in matrix.domains:
            cell = matrix.cell(region, domain)
            href = url_for("coordinator.coverage_cell", region=region, domain=domain, fecha=day)
            count: int | None
            if measure == UNMET:
                count = unmet.cell(region, domain)
                label = unmet_label(region_name, names[domain], count)
            else:
                count = len(cell.priority_offers) if measure == PRIORITY else len(cell.offers)
                label = cell_label(region_name, names[domain], cell)
            values[(region, domain)] = Value(count, cell.no_priority, href, label)
    return layout(rows, columns, values)


@dataclass(frozen=True, slots=True)
class UnmetRow:
    region: str
    cells: tuple[int | None, ...]  # None: hidden
    total: int | None


@dataclass(frozen=True, slots=True)
class UnmetTable:
    domains: tuple[str, ...]
    rows: tuple[UnmetRow, ...]
    column_totals: tuple[int | None, ...]
    total: int | None


def unmet_rows(found: UnmetHighNeed, shown: list[str]) -> UnmetTable:
    """Participants with an unmet high need, the rows ``shown`` of the published counts
    (:func:`enlace.casework.aggregate.coverage_unmet`: suppressed over the whole country)."""
    every, domains, table = list(found.regions), list(found.domains), found.table
    rows = tuple(
        UnmetRow(r, table.cells[every.index(r)], table.row_totals[every.index(r)])
        for r in shown
        if r in every
    )
    return UnmetTable(tuple(domains), rows, table.column_totals, table.total)


@blueprint.get("/cobertura")
@requires(Permission.NETWORK_REPORTS)
def coverage() -> ResponseReturnValue:
    scope = current_scope()
    form = _coverage_form(scope)
    if not form.validate():
        return page("coordinator/coverage.html", 400, form=form, matrix=None, scope=scope)
    region = form.region.data or None
    scope.check(region)
    on = form.day(scoping.today())
    session = get_session()
    matrix = service.coverage(session, on, region)
    measure = form.medida.data or "ofertas"
    published = aggregate.coverage_unmet(session)
    unmet = unmet_rows(published, list(matrix.regions))
    return page(
        "coordinator/coverage.html",
        form=form,
        matrix=matrix,
        unmet=unmet,
        unmet_totals=region is None,
        scope=scope,
        region=region,
        measure=measure,
        day=form.fecha.data or None,
        chart=heatmap(matrix, scope, measure, form.fecha.data or None, published),
    )


@blueprint.get("/cobertura/<region>/<domain>")
@requires(Permission.NETWORK_REPORTS)
def coverage_cell(region: str, domain: str) -> ResponseReturnValue:
    scope = current_scope()
    if region not in scope.names or domain not in {d.value for d in NeedDomain}:
        abort(404)
    scope.check(region)
    form = DayForm(request.args)
    if not form.validate():
        return page("coordinator/coverage_cell.html", 400, form=form, detail=None, scope=scope)
    on = form.day(scoping.today())
    detail = exploring.cell_detail(get_session(), region, domain, on)
    return page(
        "coordinator/coverage_cell.html",
        form=form,
        detail=detail,
        scope=scope,
        region=region,
        region_name=scope.names[region],
        domain=domain,
        on=on,
        day=form.fecha.data or None,
    )


@blueprint.get("/cobertura/brechas")
@requires(Permission.NETWORK_REPORTS)
def coverage_gaps() -> ResponseReturnValue:
    """Cells with offers but no priority path, and cells with no offer at all."""
    scope = current_scope()
    form = _coverage_form(scope)
    if not form.validate():
        return page("coordinator/coverage_gaps.html", 400, form=form, matrix=None, scope=scope)
    region = form.region.data or None
    scope.check(region)
    matrix = service.coverage(get_session(), form.day(scoping.today()), region)
    gaps = [c for c in matrix.gaps() if not c.no_offer]
    return page(
        "coordinator/coverage_gaps.html",
        form=form,
        matrix=matrix,
        scope=scope,
        region=region,
        gaps=gaps,
        empty=matrix.empty(),
        day=form.fecha.data or None,
    )


@blueprint.get("/cobertura.csv")
@requires(Permission.NETWORK_REPORTS)
def coverage_csv() -> ResponseReturnValue:
    """The coverage table as CSV (one row per region x need domain), with the published
    count of participants with an unmet high need (``suppressed`` where hidden)."""
    scope = current_scope()
    form = _coverage_form(scope)
    if not form.validate():
        return page("coordinator/coverage.html", 400, form=form, matrix=None, scope=scope)
    region = form.region.data or None
    scope.check(region)
    on = form.day(scoping.today())
    session = get_session()
    published = aggregate.coverage_unmet(session)
    body = service.coverage_csv(session, on, region, published.cell)
    name = f"enlace-cobertura-{region or 'nacional'}-{on.isoformat()}.csv"
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
