"""The coordinator's network view: a GET form and tables (no JavaScript needed), the
JSON the graph drawing asks for, exports, and the watch list.

The server filters: a region or one agency's neighbourhood, capped at
``NETWORK_VIEW_LIMIT`` agencies + links; over the cap the page and the JSON say "too
many, narrow the filter" and carry no elements.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from enlace.accounts.policy import Permission
from enlace.db import get_session
from enlace.i18n import _, localized
from enlace.network import exploring
from enlace.network.explore import ExploreFilter, Selection
from enlace.web import labels
from enlace.web.access import requires
from enlace.web.common import page
from enlace.web.coordinator import blueprint
from enlace.web.coordinator import scope as scoping
from enlace.web.coordinator.network_forms import NetworkFilterForm, WatchForm, region_choices
from enlace.web.coordinator.network_style import style_table, svg_shape
from enlace.web.coordinator.scope import Scope, agreement_href, current_scope

EXPORT_FORMATS = {
    "graphml": ("application/graphml+xml; charset=utf-8", "graphml"),
    "json": ("application/json; charset=utf-8", "json"),
}


def _filter_form(scope: Scope) -> NetworkFilterForm:
    form = NetworkFilterForm(request.args)
    form.region.choices = region_choices(
        list(scope.regions), _("Choose a region") if scope.national else None
    )
    if not request.args.get("region") and scope.region is not None:
        form.region.data = scope.region
    return form


def _filters(form: NetworkFilterForm) -> tuple[ExploreFilter, date, str | None]:
    """The filter the form asks for, its day, and an unknown agency's slug if any."""
    on = form.day(scoping.today())
    agency = None
    unknown = None
    if form.agencia.data:
        found = exploring.find_agency(get_session(), form.agencia.data, on)
        if found is None:
            unknown = form.agencia.data
        else:
            agency = found.id
    filters = ExploreFilter(
        region=form.region.data or None,
        agency=agency,
        domain=form.dominio.data or None,
        sector=form.sector.data or None,
        status=form.estado.data or None,
    )
    return filters, on, unknown


def _limit() -> int:
    return int(current_app.config["NETWORK_VIEW_LIMIT"])


def _query(form: NetworkFilterForm) -> dict[str, str]:
    """The filter as query-string values (for the JSON, export and table links)."""
    names = ("region", "dominio", "sector", "estado", "fecha", "agencia")
    return {n: v for n in names if (v := getattr(form, n).data)}


def _tables(found: exploring.Exploration) -> dict[str, Any]:
    """What the accessible tables need beyond the selection: each agreement's state on
    the day, each agency's number of links and name, the memberships."""
    selection = found.selection
    degree: dict[str, int] = {}
    for e in selection.edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    return {
        "states": {e.agreement_id: e.state for e in selection.edges if e.agreement_id},
        "degree": degree,
        "nodes_by_id": {n.id: n for n in selection.nodes},
        "memberships": [e for e in selection.edges if e.agreement_id is None],
    }


@blueprint.get("/red")
@requires(Permission.NETWORK_REPORTS)
def network() -> ResponseReturnValue:
    scope = current_scope()
    form = _filter_form(scope)
    if not form.validate():
        return page("coordinator/network.html", 400, form=form, found=None, scope=scope, query={})
    filters, on, unknown = _filters(form)
    if filters.region is not None:
        scope.check(filters.region)
    found = exploring.explore(get_session(), filters, on, _limit())
    return page(
        "coordinator/network.html",
        form=form,
        found=found,
        scope=scope,
        unknown_agency=unknown,
        query=_query(form),
        style=style_table(),
        **_tables(found),
    )


def _element_data(selection: Selection, found: exploring.Exploration, scope: Scope) -> Any:
    names = scope.names
    language = str(get_locale() or "es")
    nodes = [
        {
            "data": {
                "id": n.id,
                "label": n.name,
                "category": n.category,
                "categoryLabel": labels.label(labels.NODE_CATEGORIES, n.category),
                "sectorLabel": labels.label(labels.SECTORS, n.sector),
                "region": n.region,
                "regionName": names.get(n.region, ""),
                "href": url_for("public.agency", slug=n.slug),
                "slug": n.slug,
            }
        }
        for n in selection.nodes
    ]
    edges = []
    for e in selection.edges:
        summary = found.agreements.get(e.agreement_id) if e.agreement_id else None
        data: dict[str, Any] = {
            "id": e.id,
            "source": e.source,
            "target": e.target,
            "kind": e.kind,
            "kindLabel": labels.label(labels.LINK_KINDS, e.kind),
            "state": e.state,
            "stateLabel": labels.label(labels.AGREEMENT_STATES, e.state),
            "active": e.state == "active",
        }
        if summary is not None:
            title = localized(summary, "title", language)
            data.update(
                title=title.text if title is not None else summary.slug,
                href=agreement_href(summary.slug),
                validFrom=summary.valid_from.isoformat(),
                validTo=summary.valid_to.isoformat() if summary.valid_to else "",
            )
        edges.append({"data": data})
    return {"nodes": nodes, "edges": edges}


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": {"status": status, "code": "bad_filter", "message": message}})
    response.status_code = status
    return response


@blueprint.get("/red/datos")
@requires(Permission.NETWORK_REPORTS)
def network_data() -> ResponseReturnValue:
    """The drawing's elements for the same filter as the page (cytoscape's JSON)."""
    scope = current_scope()
    form = _filter_form(scope)
    if not form.validate():
        messages = [
            f"{f.label.text}: {' '.join(str(e) for e in f.errors)}" for f in form if f.errors
        ]
        return _error(400, " ".join(messages))
    filters, on, unknown = _filters(form)
    if filters.region is not None:
        scope.check(filters.region)
    found = exploring.explore(get_session(), filters, on, _limit())
    selection = found.selection
    body: dict[str, Any] = {
        "on": on.isoformat(),
        "limit": selection.limit,
        "total": selection.total,
        "agencies": selection.total_nodes,
        "links": selection.total_edges,
        "too_many": selection.too_many,
        "scoped": filters.scoped,
        "message": "",
        "elements": {"nodes": [], "edges": []},
    }
    if unknown is not None:
        body["message"] = _("No agency has that address; the filter shows no neighbourhood.")
    if not filters.scoped:
        body["message"] = _("Choose a region, or an agency to see its neighbourhood.")
    elif selection.too_many:
        body["message"] = _(
            "Too many to draw: %(agencies)s agencies and %(links)s links, more than "
            "%(limit)s in all. Narrow the filter (a need, a sector or a status).",
            agencies=selection.total_nodes,
            links=selection.total_edges,
            limit=selection.limit or 0,
        )
    else:
        body["elements"] = _element_data(selection, found, scope)
    return jsonify(body)


@blueprint.get("/red/exportar")
@requires(Permission.NETWORK_REPORTS)
def network_export() -> ResponseReturnValue:
    """The filtered network as GraphML or node-link JSON (``formato``), as a download."""
    scope = current_scope()
    form = _filter_form(scope)
    formato = request.args.get("formato", "graphml")
    if formato not in EXPORT_FORMATS or not form.validate():
        return page("coordinator/network.html", 400, form=form, found=None, scope=scope, query={})
    filters, on, _unknown = _filters(form)
    scope.check(filters.region)
    session = get_session()
    if formato == "graphml":
        body = exploring.export_graphml(session, filters, on)
    else:
        body = exploring.export_node_link(session, filters, on)
    content_type, extension = EXPORT_FORMATS[formato]
    name = f"enlace-red-{filters.region or 'nacional'}-{on.isoformat()}.{extension}"
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blueprint.get("/red/vencimientos")
@requires(Permission.NETWORK_REPORTS)
def network_watch() -> ResponseReturnValue:
    """Agreements ending soon, quotas nearly used, isolated agencies and brokers."""
    scope = current_scope()
    form = WatchForm(request.args)
    form.region.choices = region_choices(
        list(scope.regions), _("Whole country") if scope.national else None
    )
    if not request.args.get("region") and scope.region is not None:
        form.region.data = scope.region
    if not form.validate():
        return page("coordinator/watch.html", 400, form=form, watch=None, scope=scope)
    region = form.region.data or None
    scope.check(region)
    default_days = int(current_app.config["NETWORK_EXPIRING_DAYS"])
    watch = exploring.watch_list(
        get_session(), region, form.day(scoping.today()), form.days(default_days)
    )
    return page("coordinator/watch.html", form=form, watch=watch, scope=scope, region=region)


@blueprint.context_processor
def _links() -> dict[str, Any]:
    return {"agreement_href": agreement_href, "shape_path": svg_shape}
