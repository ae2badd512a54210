"""Query and response models of the HSDS API (Pydantic v2, read into /openapi.json).

Parameter names and meanings are the HSDS 3.0 API reference's; response objects are
described by the vendored HSDS schemas (``hsds_service``...), the paging envelope by
:class:`PageEnvelope`. Unknown parameters are ignored, as other HSDS servers do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from enlace.exchange.hsds.api_read import DEFAULT_PER_PAGE, MAX_PER_PAGE
from enlace.web.openapi import hsds_model

HsdsService = hsds_model("service", "HsdsService")
HsdsOrganization = hsds_model("organization", "HsdsOrganization")
HsdsTaxonomy = hsds_model("taxonomy", "HsdsTaxonomy")
HsdsTaxonomyTerm = hsds_model("taxonomy_term", "HsdsTaxonomyTerm")
HsdsServiceAtLocation = hsds_model("service_at_location", "HsdsServiceAtLocation")

_ID = Field(default=None, max_length=100)


class PageQuery(BaseModel):
    """Paging and format, on every list."""

    page: int = Field(default=1, ge=1, le=1_000_000, description="Page number, from 1.")
    per_page: int = Field(
        default=DEFAULT_PER_PAGE,
        ge=1,
        le=MAX_PER_PAGE,
        description=f"Records per page: {DEFAULT_PER_PAGE} by default, {MAX_PER_PAGE} at most.",
    )
    format: Literal["json", "ndjson"] = Field(
        default="json",
        description="`ndjson` streams every matching record, one per line, without pages.",
    )
    search: str | None = Field(
        default=None,
        max_length=200,
        description="Words that must all appear in the name or description.",
    )


class ServiceFilterQuery(PageQuery):
    """Filters of services; they combine with AND."""

    taxonomy_term_id: str | None = _ID
    taxonomy_id: str | None = _ID
    organization_id: str | None = _ID
    modified_after: datetime | None = Field(
        default=None, description="Only records modified on or after this date-time."
    )
    full: bool = Field(default=False, description="Fully nested records.")


class ServicesQuery(ServiceFilterQuery):
    """``GET /hsds/services``."""

    minimal: bool = Field(
        default=False, description="Only each service's `id` and `last_modified`."
    )


class ServiceAtLocationsQuery(ServiceFilterQuery):
    """``GET /hsds/service_at_locations``."""

    postcode: str | None = Field(
        default=None,
        max_length=20,
        description="Locations at this postcode (or near it, with `proximity`).",
    )
    proximity: float | None = Field(
        default=None,
        ge=0,
        le=20_000_000,
        description="Metres from the centroid of the postcode's locations (needs `postcode`).",
    )


class OrganizationsQuery(PageQuery):
    """``GET /hsds/organizations``."""

    full: bool = Field(default=False, description="Fully nested organizations.")
    full_service: bool = Field(
        default=False, description="With `full`: each organization's services fully nested."
    )


class OrganizationQuery(BaseModel):
    """``GET /hsds/organizations/{id}``."""

    full_service: bool = Field(default=False, description="Services fully nested.")


class TaxonomyTermsQuery(PageQuery):
    """``GET /hsds/taxonomy_terms``."""

    taxonomy_id: str | None = _ID
    parent_id: str | None = _ID
    top_only: bool = Field(default=False, description="Only terms without a parent.")


class MinimalService(BaseModel):
    """A service as ``minimal=true`` lists it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    last_modified: str | None = None


class PageEnvelope(BaseModel):
    """The reference's paging envelope."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(PageEnvelope):
    contents: list[HsdsService | MinimalService]  # type: ignore[valid-type]


class OrganizationPage(PageEnvelope):
    contents: list[HsdsOrganization]  # type: ignore[valid-type]


class TaxonomyPage(PageEnvelope):
    contents: list[HsdsTaxonomy]  # type: ignore[valid-type]


class TaxonomyTermPage(PageEnvelope):
    contents: list[HsdsTaxonomyTerm]  # type: ignore[valid-type]


class ServiceAtLocationPage(PageEnvelope):
    contents: list[HsdsServiceAtLocation]  # type: ignore[valid-type]


class HsdsIndex(BaseModel):
    """``GET /hsds/``: the HSDS version, the profile and the OpenAPI document."""

    version: str
    profile: str
    openapi_url: str
