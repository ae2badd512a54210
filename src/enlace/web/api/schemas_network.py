"""Query, request and response models of the network's endpoints: coverage, agreements and
the access query."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from enlace.catalogue.vocab import NeedDomain, OfferKind
from enlace.network.models import DESCRIPTION_MAX, TITLE_MAX, URL_MAX
from enlace.network.reach import DEFAULT_LIMIT, MAX_LIMIT
from enlace.web.api.schemas import AccessStep, OfferRef
from enlace.web.openapi import ErrorDetail


class CoverageQuery(BaseModel):
    """``GET /api/v1/network/coverage``."""

    model_config = ConfigDict(extra="forbid")

    region: str | None = Field(
        default=None,
        max_length=2,
        description="A region code; a regional coordinator's own region by default, "
        "every region for national coordinators.",
    )
    on: date | None = Field(default=None, description="The day (today by default).")


class CoverageCellOut(BaseModel):
    """One region x need domain: offers there, those reached with priority, and how."""

    region: str
    domain: str
    offers: list[str]
    priority_offers: list[str]
    agreements: list[str]
    centres: int
    no_offer: bool
    no_priority: bool
    participants_unmet_high_need: int | None = Field(
        description="Participants of the treatment centres whose latest assessment has this "
        "need high and unmet, in this region. Null: hidden (fewer than 5 people, or hidden "
        "so that no small count can be worked out from the others; the same cells are hidden "
        "in every view)."
    )


class CoverageOut(BaseModel):
    on: date
    regions: list[str]
    domains: list[str]
    cells: list[CoverageCellOut]


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_id: str = Field(max_length=36)
    role: str = Field(max_length=20)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_title: str | None = Field(default=None, max_length=200)
    contact_phone: str | None = Field(default=None, max_length=40)
    contact_email: str | None = Field(default=None, max_length=254)


class AgreementIn(BaseModel):
    """An agreement's fields as a coordinator sets them (``region_code`` null: national)."""

    model_config = ConfigDict(extra="forbid")

    title_es: str = Field(max_length=TITLE_MAX)
    kind: str = Field(max_length=30)
    valid_from: date | None = None
    parties: list[PartyIn] = Field(default_factory=list, max_length=50)
    title_en: str | None = Field(default=None, max_length=TITLE_MAX)
    description_es: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    description_en: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    domains: list[str] = Field(default_factory=list, max_length=20)
    offer_ids: list[str] = Field(default_factory=list, max_length=500)
    quota: int | None = Field(default=None, ge=0)
    quota_period: str | None = Field(default=None, max_length=20)
    quota_used: int = Field(default=0, ge=0)
    region_code: str | None = Field(default=None, max_length=2)
    signed_on: date | None = None
    valid_to: date | None = None
    document_url: str | None = Field(default=None, max_length=URL_MAX)


class NewAgreement(AgreementIn):
    """``POST /api/v1/agreements``: a new agreement, a draft or in force."""

    status: str = Field(default="active", description="`draft` or `active`.")
    reason: str | None = Field(default=None, max_length=500)


class AgreementEdit(AgreementIn):
    """``PATCH /api/v1/agreements/<slug>``: fields to change, and the ``version`` the
    caller read (a save by someone else since answers 409 with what changed)."""

    version: int = Field(ge=1)
    reason: str | None = Field(default=None, max_length=500)
    # every field of the agreement may be given; those left out keep their value
    title_es: str = Field(default="", max_length=TITLE_MAX)
    kind: str = Field(default="", max_length=30)


class PartyOut(BaseModel):
    agency_id: str
    agency_name: str
    role: str


class AgreementSummaryOut(BaseModel):
    id: str
    slug: str
    title: str
    kind: str
    status: str
    effective_status: str
    region_code: str | None
    valid_from: date
    valid_to: date | None
    quota: int | None
    quota_used: int
    quota_left: int | None
    parties: list[PartyOut]
    domains: list[str]


class AgreementOut(AgreementSummaryOut):
    """One agreement in full, with the ``version`` to send back when changing it."""

    description: str | None
    signed_on: date | None
    offer_ids: list[str]
    version: int
    last_modified: datetime | None


class AgreementListOut(BaseModel):
    items: list[AgreementSummaryOut]
    total: int
    page: int
    pages: int
    per_page: int


class AgreementListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: str | None = Field(default=None, max_length=10)
    kind: str | None = Field(default=None, max_length=30)
    status: str | None = Field(default=None, max_length=20)
    domain: str | None = Field(default=None, max_length=20)
    q: str | None = Field(default=None, max_length=200)
    page: int = Field(default=1, ge=1, le=100_000)


class FieldChangeOut(BaseModel):
    field: str
    before: object
    after: object
    agency_id: str | None


class ChangedMeanwhileOut(BaseModel):
    """409: someone saved the agreement since ``loaded_version``; nothing was written."""

    error: ErrorDetail
    current_version: int
    changes: list[FieldChangeOut]
    changed_by: list[str]


# -- POST /api/v1/network/access ------------------------------------------------------------
class NetworkAccessIn(BaseModel):
    """``POST /api/v1/network/access``: a treatment centre and what to ask about. Filters
    combine with AND; the values of one filter are alternatives."""

    model_config = ConfigDict(extra="forbid")

    centre: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The treatment centre's id or slug. Staff: their own centre (the "
        "default); coordinators: a centre of their region (required).",
    )
    domains: list[NeedDomain] = Field(
        default_factory=list, max_length=20, description="Offers serving one of these needs."
    )
    region: str | None = Field(
        default=None, max_length=2, description="Offers available in this region."
    )
    commune: str | None = Field(
        default=None, max_length=5, description="Offers available in this commune."
    )
    kinds: list[OfferKind] = Field(
        default_factory=list, max_length=10, description="Offers of one of these kinds."
    )
    offer_ids: list[Annotated[str, Field(max_length=36)]] = Field(
        default_factory=list,
        max_length=MAX_LIMIT,
        description="Ask about these offers only; those without priority are listed in "
        "`without_priority`.",
    )
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Offers listed.")
    on: date | None = Field(default=None, description="The day (today by default).")


class AccessRouteOut(BaseModel):
    """One way the centre reaches the offer: through ``via`` (the centre, then the
    networks it belongs to), under an agreement with the offer's agency."""

    agreement: str
    via: list[str]
    provider: str
    quota_left: int | None
    path: list[AccessStep]


class ReachedOfferOut(BaseModel):
    """An offer reached with priority; ``path`` is the best route's, ``quota_left`` the
    places left over every route (null: unlimited)."""

    offer: OfferRef
    agency: str
    kind: str
    domains: list[str]
    agreements: list[str]
    quota_left: int | None
    path: list[AccessStep]
    routes: list[AccessRouteOut]


class AccessAgreementOut(BaseModel):
    """An agreement a route goes through (``region_code`` null: national)."""

    id: str
    slug: str
    title: str
    kind: str
    region_code: str | None
    valid_to: date | None
    quota_left: int | None


class AccessAgencyOut(BaseModel):
    id: str
    slug: str
    name: str
    sector: str
    region_code: str | None


class NetworkAccessOut(BaseModel):
    """The offers the centre's participants reach with priority (the first ``limit`` of
    ``total``, direct agreements first), and the agreements and agencies their paths name."""

    centre: AccessAgencyOut
    on: date
    total: int
    limit: int
    offers: list[ReachedOfferOut]
    without_priority: list[str]
    agreements: list[AccessAgreementOut]
    agencies: list[AccessAgencyOut]
