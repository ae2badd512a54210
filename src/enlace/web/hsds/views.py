"""The HSDS 3.0 API's endpoints: parse (SpecTree models), ask :mod:`api_read`, answer.

Operation ids are the reference's (with its two swapped ``/taxonomy_terms`` ids put
right). Lists take ``page``/``per_page`` and answer the reference's envelope, or stream
every record as NDJSON with ``format=ndjson``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC
from typing import TypeVar

from flask import Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from spectree import Response as Documented
from sqlmodel import Session

from enlace.db import get_database, get_session, open_session
from enlace.exchange.hsds import api_places, api_read, api_taxonomy
from enlace.exchange.hsds.api_places import Place
from enlace.exchange.hsds.api_read import Filters, Page
from enlace.exchange.hsds.nest import Record
from enlace.paths import HSDS_PROFILE_DOC
from enlace.web.errors import ApiError, FieldProblem
from enlace.web.hsds import HSDS_VERSION, blueprint, http
from enlace.web.hsds.schemas import (
    HsdsIndex,
    HsdsOrganization,
    HsdsService,
    HsdsServiceAtLocation,
    HsdsTaxonomy,
    HsdsTaxonomyTerm,
    OrganizationPage,
    OrganizationQuery,
    OrganizationsQuery,
    PageQuery,
    ServiceAtLocationPage,
    ServiceAtLocationsQuery,
    ServiceFilterQuery,
    ServicePage,
    ServicesQuery,
    TaxonomyPage,
    TaxonomyTermPage,
    TaxonomyTermsQuery,
)
from enlace.web.openapi import ErrorResponse, spec

blueprint.after_request(http.open_to_other_sites)

_ERRORS = {"HTTP_400": ErrorResponse, "HTTP_429": ErrorResponse}
_ONE = {**_ERRORS, "HTTP_304": None, "HTTP_404": ErrorResponse}


Q = TypeVar("Q")


def _query(model: type[Q]) -> Q:
    """The query SpecTree has parsed and checked for this request."""
    parsed = request.context.query  # type: ignore[attr-defined]
    assert isinstance(parsed, model)
    return parsed


def _filters(query: ServiceFilterQuery) -> Filters:
    moment = query.modified_after
    if moment is not None and moment.tzinfo is not None:
        try:
            moment.astimezone(UTC)
        except OverflowError as error:
            raise ApiError(
                400,
                "That date-time is out of range.",
                code="invalid_parameters",
                fields=[FieldProblem("modified_after", "out of range")],
            ) from error
    return Filters(
        search=query.search,
        taxonomy_term_id=query.taxonomy_term_id,
        taxonomy_id=query.taxonomy_id,
        organization_id=query.organization_id,
        modified_after=query.modified_after,
    )


def _one(kind: str, find: Callable[[Session], Record | None]) -> ResponseReturnValue:
    """One record by id: 304 while the catalogue is unchanged, the JSON error shape's 404
    when there is no such record."""
    session = get_session()
    version = api_read.catalogue_version(session)
    cached = http.not_modified(version)
    if cached is not None:
        return cached
    found = find(session)
    if found is None:
        raise _not_found(kind)
    return http.json_answer(found, version)


def _first(records: list[Record]) -> Record | None:
    return records[0] if records else None


Fetch = Callable[[Session, int, int], Page]


def _streamed(produce: Callable[[Session], Iterable[Record]]) -> Iterator[Record]:
    """Records for a stream, read with a session of the stream's own.

    The stream goes on after the request has ended (and its session with it), so it opens
    one when the client starts reading and closes it when the stream ends or is dropped.
    """
    engine = get_database(current_app).engine
    assert engine is not None

    def records() -> Iterator[Record]:
        with open_session(engine, expire_on_commit=False) as session:
            yield from produce(session)

    return records()


def _list(query: PageQuery, version: api_read.Version, fetch: Fetch) -> Response:
    """A page, or with ``format=ndjson`` every record, walking pages of the most allowed."""
    if query.format == "ndjson":

        def every(session: Session) -> Iterator[Record]:
            page = 1
            while True:
                found = fetch(session, page, api_read.MAX_PER_PAGE)
                yield from found.contents
                if page * api_read.MAX_PER_PAGE >= found.total_items:
                    return
                page += 1

        return http.ndjson_answer(_streamed(every), version)
    page = fetch(get_session(), query.page, query.per_page)
    return http.json_answer(page.envelope(), version)


def _plain_id(value: str) -> str:
    """An id from the path; one with control characters names nothing (404, not a 500)."""
    if any(ord(ch) < 32 for ch in value) or len(value) > 100:
        raise ApiError(404, "No record has this id.", fields=[FieldProblem("id", "unknown id")])
    return value


def _not_found(what: str) -> ApiError:
    return ApiError(404, f"No {what} has this id.", fields=[FieldProblem("id", "unknown id")])


@blueprint.get("/")
@spec.validate(
    resp=Documented(HTTP_200=HsdsIndex), tags=["hsds"], operation_id="getAPIMetaInformation"
)
def index() -> ResponseReturnValue:
    """This API's HSDS version, its profile and its OpenAPI document."""
    version = api_read.catalogue_version(get_session())
    return http.not_modified(version) or http.json_answer(
        {
            "version": HSDS_VERSION,
            "profile": url_for("hsds.profile", _external=True),
            "openapi_url": url_for("api_docs.openapi", _external=True),
        },
        version,
    )


@blueprint.get("/profile")
def profile() -> ResponseReturnValue:
    """The Enlace profile of HSDS 3.0 (Markdown): its extra properties and tables."""
    text = HSDS_PROFILE_DOC.read_text(encoding="utf-8")
    return Response(text, content_type="text/markdown; charset=utf-8")


@blueprint.get("/services")
@spec.validate(
    query=ServicesQuery,
    resp=Documented(HTTP_200=ServicePage, **_ERRORS),
    tags=["hsds"],
    operation_id="getPaginatedListOfServices",
)
def services() -> ResponseReturnValue:
    """Services, filtered (AND) and paged; `full` nests everything, `minimal` only ids."""
    query = _query(ServicesQuery)
    session = get_session()
    version = api_read.catalogue_version(session)
    cached = http.not_modified(version)
    if cached is not None:
        return cached
    filters = _filters(query)
    if query.format == "ndjson" and not query.minimal:
        stream = _streamed(lambda own: api_read.iter_services(own, filters, full=query.full))
        return http.ndjson_answer(stream, version)
    return _list(
        query,
        version,
        lambda db, page, size: api_read.service_page(
            db, filters, page, size, full=query.full, minimal=query.minimal
        ),
    )


@blueprint.get("/services/<string:id>")
@spec.validate(
    resp=Documented(HTTP_200=HsdsService, **_ONE),
    tags=["hsds"],
    operation_id="getFullyNestedServiceById",
)
def service(id: str) -> ResponseReturnValue:
    """One service with everything it owns."""
    return _one("service", lambda db: api_read.service(db, _plain_id(id)))


@blueprint.get("/organizations")
@spec.validate(
    query=OrganizationsQuery,
    resp=Documented(HTTP_200=OrganizationPage, **_ERRORS),
    tags=["hsds"],
    operation_id="getPaginatedListOfOrganizations",
)
def organizations() -> ResponseReturnValue:
    """Organizations, paged; `full` nests their phones, contacts, locations and services."""
    query = _query(OrganizationsQuery)
    session = get_session()
    version = api_read.catalogue_version(session)
    cached = http.not_modified(version)
    if cached is not None:
        return cached
    return _list(
        query,
        version,
        lambda db, page, size: api_read.organization_page(
            db, query.search, page, size, full=query.full
        ),
    )


@blueprint.get("/organizations/<string:id>")
@spec.validate(
    query=OrganizationQuery,
    resp=Documented(HTTP_200=HsdsOrganization, **_ONE),
    tags=["hsds"],
    operation_id="getOrganizationById",
)
def organization(id: str) -> ResponseReturnValue:
    """One organization, fully nested, with its services (fully with `full_service`)."""
    query = _query(OrganizationQuery)
    return _one(
        "organization",
        lambda db: _first(
            api_read.organizations(db, [_plain_id(id)], full=True, full_service=query.full_service)
        ),
    )


@blueprint.get("/taxonomies")
@spec.validate(
    query=PageQuery,
    resp=Documented(HTTP_200=TaxonomyPage, **_ERRORS),
    tags=["hsds"],
    operation_id="getPaginatedListOfTaxonomies",
)
def taxonomies() -> ResponseReturnValue:
    """The taxonomies the catalogue uses (Enlace's need domains and categories)."""
    query = _query(PageQuery)
    session = get_session()
    version = api_read.catalogue_version(session)
    cached = http.not_modified(version)
    if cached is not None:
        return cached
    words = [w.casefold() for w in (query.search or "").split()]
    found = [
        t
        for t in api_taxonomy.taxonomies(session)
        if all(w in f"{t.get('name', '')} {t.get('description', '')}".casefold() for w in words)
    ]
    return _list(query, version, lambda _db, page, size: api_taxonomy.page_of(found, page, size))


@blueprint.get("/taxonomies/<string:id>")
@spec.validate(
    resp=Documented(HTTP_200=HsdsTaxonomy, **_ONE), tags=["hsds"], operation_id="getTaxonomyById"
)
def taxonomy(id: str) -> ResponseReturnValue:
    """One taxonomy."""
    return _one(
        "taxonomy", lambda db: _first([t for t in api_taxonomy.taxonomies(db) if t["id"] == id])
    )


@blueprint.get("/taxonomy_terms")
@spec.validate(
    query=TaxonomyTermsQuery,
    resp=Documented(HTTP_200=TaxonomyTermPage, **_ERRORS),
    tags=["hsds"],
    operation_id="getPaginatedListOfTaxonomyTerms",
)
def taxonomy_terms() -> ResponseReturnValue:
    """Taxonomy terms, filtered (AND) by taxonomy, parent or top level, and paged."""
    query = _query(TaxonomyTermsQuery)
    session = get_session()
    version = api_read.catalogue_version(session)
    cached = http.not_modified(version)
    if cached is not None:
        return cached
    found = api_taxonomy.taxonomy_terms(
        session,
        search=query.search,
        in_taxonomy=query.taxonomy_id,
        parent_id=query.parent_id,
        top_only=query.top_only,
    )
    return _list(query, version, lambda _db, page, size: api_taxonomy.page_of(found, page, size))


@blueprint.get("/taxonomy_terms/<string:id>")
@spec.validate(
    resp=Documented(HTTP_200=HsdsTaxonomyTerm, **_ONE),
    tags=["hsds"],
    operation_id="getTaxonomyTermById",
)
def taxonomy_term(id: str) -> ResponseReturnValue:
    """One taxonomy term, with its taxonomy's details."""
    return _one(
        "taxonomy term",
        lambda db: _first([t for t in api_taxonomy.taxonomy_terms(db) if t["id"] == id]),
    )


@blueprint.get("/service_at_locations")
@spec.validate(
    query=ServiceAtLocationsQuery,
    resp=Documented(HTTP_200=ServiceAtLocationPage, **_ERRORS),
    tags=["hsds"],
    operation_id="getPaginatedListOfServiceAtLocation",
)
def service_at_locations() -> ResponseReturnValue:
    """Where services are delivered, filtered (AND) like services and by postcode."""
    query = _query(ServiceAtLocationsQuery)
    if query.proximity is not None and not query.postcode:
        raise ApiError(
            400,
            "Proximity is measured from a postcode: send postcode too.",
            code="invalid_parameters",
            fields=[FieldProblem("proximity", "needs postcode")],
        )
    session = get_session()
    version = api_read.catalogue_version(session)
    cached = http.not_modified(version)
    if cached is not None:
        return cached
    filters = _filters(query)
    place = Place(query.postcode, query.proximity) if query.postcode else None
    return _list(
        query,
        version,
        lambda db, page, size: api_places.service_at_location_page(
            db, filters, place, page, size, full=query.full
        ),
    )


@blueprint.get("/service_at_locations/<string:id>")
@spec.validate(
    resp=Documented(HTTP_200=HsdsServiceAtLocation, **_ONE),
    tags=["hsds"],
    operation_id="getServiceAtLocationWithNestedDataById",
)
def service_at_location(id: str) -> ResponseReturnValue:
    """One service-at-location with its service and location, fully nested."""
    return _one("service at location", lambda db: api_places.service_at_location(db, _plain_id(id)))
