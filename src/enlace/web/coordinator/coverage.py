"""Coverage of needs by region x need domain: the heatmap (server-drawn SVG and a table),
one cell's page, the gaps, and the CSV."""

from __future__ import annotations

from flask import Response, abort, request, url_for
from flask.typing import ResponseReturnValue

from enlace.accounts.policy import Permission
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


def heatmap(matrix: Coverage, scope: Scope, measure: str, day: str | None) -> Heatmap:
    rows = [(r, scope.names.get(r, r)) for r in matrix.regions]
    columns = [(d, labels.label(labels.NEED_DOMAINS, d)) for d in matrix.domains]
    names = dict(columns)
    values = {}
    for region, region_name in rows:
        for domain in matrix.domains:
            cell = matrix.cell(region, domain)
            count = len(cell.priority_offers) if measure == PRIORITY else len(cell.offers)
            href = url_for("coordinator.coverage_cell", region=region, domain=domain, fecha=day)
            label = cell_label(region_name, names[domain], cell)
            values[(region, domain)] = Value(count, cell.no_priority, href, label)
    return layout(rows, columns, values)


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
    matrix = service.coverage(get_session(), on, region)
    measure = form.medida.data or "ofertas"
    return page(
        "coordinator/coverage.html",
        form=form,
        matrix=matrix,
        scope=scope,
        region=region,
        measure=measure,
        day=form.fecha.data or None,
        chart=heatmap(matrix, scope, measure, form.fecha.data or None),
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
    """The coverage table as CSV (one row per region x need domain)."""
    scope = current_scope()
    form = _coverage_form(scope)
    if not form.validate():
        return page("coordinator/coverage.html", 400, form=form, matrix=None, scope=scope)
    region = form.region.data or None
    scope.check(region)
    on = form.day(scoping.today())
    body = service.coverage_csv(get_session(), on, region)
    name = f"enlace-cobertura-{region or 'nacional'}-{on.isoformat()}.csv"
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
