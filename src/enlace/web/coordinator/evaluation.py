"""The evaluation dashboard, its CSVs, printable report, frozen snapshots and the agencies'
one-page reports (``/coordinacion/evaluacion``). Coordinators see their region, national
coordinators and admins the country; staff get 403 (``NETWORK_REPORTS``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from enlace.accounts.policy import Permission
from enlace.casework.followups import months_setting
from enlace.catalogue import read as catalogue_read
from enlace.catalogue.vocab import NeedDomain
from enlace.db import get_session
from enlace.evaluation import reports, service
from enlace.evaluation.publish import Table
from enlace.evaluation.queries import Filters
from enlace.web import labels
from enlace.web.access import requires, signed_in_user
from enlace.web.common import INVALID, page
from enlace.web.coordinator import blueprint
from enlace.web.coordinator.evaluation_charts import dashboard_charts
from enlace.web.coordinator.evaluation_forms import EvaluationFilterForm, SnapshotForm
from enlace.web.evaluation_labels import SPLITS
from enlace.web.evaluation_view import shown, small_cell_note, to_csv


def _today() -> date:
    return date.today()


def _threshold() -> int:
    return int(current_app.config.get("SMALL_CELL", 5))


def _form() -> EvaluationFilterForm:
    session = get_session()
    user = signed_in_user()
    region = service.region_of(user)
    regions = [
        (r.code, r.name) for r in catalogue_read.regions(session) if region in (None, r.code)
    ]
    form = EvaluationFilterForm(request.args)
    form.set_choices(
        regions,
        service.centres(session, user),
        [(d.value, str(labels.NEED_DOMAINS[d])) for d in NeedDomain],
        [(k, str(v)) for k, v in SPLITS.items()],
        national=region is None,
    )
    if region is not None:
        form.region.data = region
    return form


def _board(form: EvaluationFilterForm) -> service.Dashboard:
    return service.dashboard(
        get_session(),
        signed_in_user(),
        form.filters(_today()),
        split=form.split.data or "gender",
        threshold=_threshold(),
        months=months_setting(current_app.config.get("FOLLOW_UP_MONTHS")),
    )


FILTER_NAMES = ("since", "until", "region", "centre", "domain", "split")


def _args() -> dict[str, Any]:
    """The filters asked for, to carry into CSV and report links."""
    return {k: v for k, v in request.args.items() if k in FILTER_NAMES and v}


def _context(board: service.Dashboard) -> dict[str, Any]:
    tables = {key: shown(table, board.names) for key, table in board.tables.items()}
    return {
        "board": board,
        "tables": tables,
        "charts": dashboard_charts(board.tables, board.names),
        "idle": [board.names.get(a, a) for a in board.idle_agreements],
        "note": small_cell_note(board.threshold),
        "args": _args(),
        "csv_for": lambda key: url_for("coordinator.evaluation_csv", key=key, **_args()),
        "region_name": board.names.get(board.filters.region or "", ""),
    }


@blueprint.get("/evaluacion")
@requires(Permission.NETWORK_REPORTS)
def evaluation() -> ResponseReturnValue:
    form = _form()
    if not form.validate():
        return page("coordinator/evaluation.html", 400, form=form, board=None, args=_args())
    return render_template("coordinator/evaluation.html", form=form, **_context(_board(form)))


@blueprint.get("/evaluacion/informe")
@requires(Permission.NETWORK_REPORTS)
def evaluation_report() -> ResponseReturnValue:
    form = _form()
    if not form.validate():
        return page("coordinator/evaluation.html", 400, form=form, board=None, args=_args())
    board = _board(form)
    return render_template(
        "coordinator/evaluation_report.html",
        snapshot=None,
        filters=board.filters,
        **_context(board),
    )


def _csv(table: Table, names: dict[str, str], filename: str) -> Response:
    return Response(
        to_csv(table, names),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.get("/evaluacion/tablas/<key>.csv")
@requires(Permission.NETWORK_REPORTS)
def evaluation_csv(key: str) -> ResponseReturnValue:
    form = _form()
    if not form.validate():
        abort(400)
    board = _board(form)
    if key not in board.tables:
        abort(404)
    f = board.filters
    return _csv(board.tables[key], board.names, f"{key}_{f.start}_{f.end}.csv")


@blueprint.get("/evaluacion/cortes")
@requires(Permission.NETWORK_REPORTS)
def evaluation_snapshots() -> ResponseReturnValue:
    found = reports.snapshots(get_session(), signed_in_user())
    return render_template(
        "coordinator/evaluation_snapshots.html",
        form=SnapshotForm(),
        snapshots=found,
        region_names=_region_names(),
    )


def _region_names() -> dict[str, str]:
    return {r.code: r.name for r in catalogue_read.regions(get_session())}


@blueprint.post("/evaluacion/cortes")
@requires(Permission.NETWORK_REPORTS)
def evaluation_freeze() -> ResponseReturnValue:
    session = get_session()
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    form = SnapshotForm()
    if form.validate_on_submit():
        if reports.quarter(form.quarter.data or "") is None:
            form.quarter.errors = [_("Enter a quarter as YYYY-T1 to YYYY-T4, e.g. 2026-T3.")]
        else:
            frozen = reports.freeze(session, user, form.quarter.data or "", threshold=_threshold())
            session.commit()
            flash(_("The report of %(quarter)s is frozen.", quarter=frozen.label), "success")
            return redirect(url_for("coordinator.evaluation_snapshot", snapshot_id=frozen.id))
    elif not form.quarter.errors and not form.errors.get("csrf_token"):
        form.quarter.errors = [_("Enter a quarter as YYYY-T1 to YYYY-T4, e.g. 2026-T3.")]
    return page(
        "coordinator/evaluation_snapshots.html",
        INVALID,
        form=form,
        snapshots=reports.snapshots(session, user),
        region_names=_region_names(),
    )


def _stored(snapshot_id: int) -> Any:
    found = reports.snapshot(get_session(), signed_in_user(), snapshot_id)
    if found is None:
        abort(404)
    return found


@blueprint.get("/evaluacion/cortes/<int:snapshot_id>")
@requires(Permission.NETWORK_REPORTS)
def evaluation_snapshot(snapshot_id: int) -> ResponseReturnValue:
    found = _stored(snapshot_id)
    names: dict[str, str] = found.tables.get("names", {})
    tables = reports.stored_tables(found)
    threshold = int(found.tables.get("threshold", 5))
    return render_template(
        "coordinator/evaluation_report.html",
        snapshot=found,
        filters=Filters(found.period_start, found.period_end, found.region_code),
        tables={k: shown(t, names) for k, t in tables.items()},
        charts=dashboard_charts(tables, names),
        idle=[names.get(a, a) for a in found.tables.get("idle_agreements", [])],
        note=small_cell_note(threshold),
        args={},
        csv_for=lambda key: url_for(
            "coordinator.evaluation_snapshot_csv", snapshot_id=snapshot_id, key=key
        ),
        region_name=names.get(found.region_code or "", ""),
    )


@blueprint.get("/evaluacion/cortes/<int:snapshot_id>/<key>.csv")
@requires(Permission.NETWORK_REPORTS)
def evaluation_snapshot_csv(snapshot_id: int, key: str) -> ResponseReturnValue:
    found = _stored(snapshot_id)
    tables = reports.stored_tables(found)
    if key not in tables:
        abort(404)
    return _csv(tables[key], found.tables.get("names", {}), f"{found.label}_{key}.csv")


@blueprint.get("/evaluacion/agencias/<agency_id>")
@requires(Permission.NETWORK_REPORTS)
def evaluation_agency(agency_id: str) -> ResponseReturnValue:
    form = _form()
    if not form.validate():
        return page("coordinator/evaluation.html", 400, form=form, board=None, args=_args())
    report = reports.agency_report(
        get_session(), signed_in_user(), agency_id[:36], form.filters(_today()), _threshold()
    )
    if report is None:
        abort(404)
    return render_template(
        "coordinator/evaluation_agency.html",
        report=report,
        table=shown(report.table, {}),
        note=small_cell_note(report.table.threshold),
    )
