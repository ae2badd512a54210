"""Catalogue tables: agencies, offers and what hangs off them (HSDS organization/service).

Text that people read has one column per language (``name_es``, ``name_en``); the
:mod:`enlace.i18n` helpers pick the right one and say when they fell back.
Child rows carry their own ids so HSDS exports and re-imports are stable.
"""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Column, Integer, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from enlace.catalogue.base import CatalogueRecord, new_id
from enlace.catalogue.places import Contact, Location, OfferLocation, Phone, Schedule
from enlace.db import utcnow

#: Optimistic-locking counters: every UPDATE of the row checks and bumps its version, so
#: a coordinator who loaded an older version cannot overwrite a newer save (issue 16).
_AGENCY_VERSION = Column("version", Integer, nullable=False, server_default="1")
_OFFER_VERSION = Column("version", Integer, nullable=False, server_default="1")


class Agency(CatalogueRecord, SQLModel, table=True):
    """An organisation: public body, private company, NGO or treatment centre."""

    __tablename__ = "agency"
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _AGENCY_VERSION}
    change_entity: ClassVar[str] = "agency"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    slug: str = Field(index=True, unique=True, max_length=120)
    name_es: str = Field(max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    alternate_name: str | None = Field(default=None, max_length=200)
    description_es: str = Field(default="")
    description_en: str | None = None
    sector: str = Field(index=True, max_length=20)
    level: str = Field(max_length=20)
    parent_id: str | None = Field(default=None, foreign_key="agency.id", max_length=36)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    commune_code: str | None = Field(default=None, foreign_key="commune.code", max_length=5)
    tax_id: str | None = Field(default=None, max_length=20)
    website: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=254)
    status: str = Field(default="active", max_length=20)
    assured_date: date | None = None
    last_modified: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    origin: str = Field(default="manual", index=True, max_length=10)
    version: int = Field(default=1, sa_column=_AGENCY_VERSION)

    offers: list["Offer"] = Relationship(
        back_populates="agency",
        sa_relationship_kwargs={"order_by": "Offer.slug"},
    )
    locations: list["Location"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Location.slug",
            "cascade": "all, delete-orphan",
            "primaryjoin": "Agency.id == foreign(Location.agency_id)",
        },
    )
    phones: list["Phone"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Phone.position",
            "cascade": "all, delete-orphan",
            "primaryjoin": "Agency.id == foreign(Phone.agency_id)",
        },
    )
    contacts: list["Contact"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Contact.position",
            "cascade": "all, delete-orphan",
            "primaryjoin": "Agency.id == foreign(Contact.agency_id)",
        },
    )

    @property
    def is_treatment_centre(self) -> bool:
        return self.sector == "treatment_centre"


class OfferDomain(CatalogueRecord, SQLModel, table=True):
    """A need domain an offer covers, as its primary or a secondary purpose."""

    __tablename__ = "offer_domain"
    change_entity: ClassVar[str] = "offer"

    offer_id: str | None = Field(
        default=None, foreign_key="offer.id", primary_key=True, max_length=36
    )
    domain: str = Field(primary_key=True, max_length=20, index=True)
    role: str = Field(default="primary", max_length=10)

    def change_root(self) -> tuple[str, str | None]:
        return "offer", self.offer_id


class OfferCategory(CatalogueRecord, SQLModel, table=True):
    """A finer taxonomy category of an offer (``employment.job-placement``)."""

    __tablename__ = "offer_category"

    offer_id: str | None = Field(
        default=None, foreign_key="offer.id", primary_key=True, max_length=36
    )
    term_code: str = Field(foreign_key="taxonomy_term.code", primary_key=True, max_length=80)

    def change_root(self) -> tuple[str, str | None]:
        return "offer", self.offer_id


class OfferArea(CatalogueRecord, SQLModel, table=True):
    """Where a regional or communal offer is available (HSDS service_area)."""

    __tablename__ = "offer_area"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    offer_id: str | None = Field(
        default=None, foreign_key="offer.id", index=True, nullable=False, max_length=36
    )
    region_code: str = Field(foreign_key="region.code", index=True, max_length=2)
    commune_code: str | None = Field(default=None, foreign_key="commune.code", max_length=5)
    position: int = 0

    def change_root(self) -> tuple[str, str | None]:
        return "offer", self.offer_id


class EligibilityRule(CatalogueRecord, SQLModel, table=True):
    """A structured condition of an offer; :mod:`enlace.matching.rules` evaluates it."""

    __tablename__ = "eligibility_rule"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    offer_id: str | None = Field(
        default=None, foreign_key="offer.id", index=True, nullable=False, max_length=36
    )
    position: int = 0
    attribute: str = Field(max_length=40)
    operator: str = Field(max_length=10)
    value: Any = Field(sa_column=Column(JSON, nullable=False))
    # any-of group: "name" or "name/alternative" (enlace.matching.rules); None: must hold
    group: str | None = Field(default=None, max_length=64)
    note_es: str | None = None
    note_en: str | None = None

    def change_root(self) -> tuple[str, str | None]:
        return "offer", self.offer_id


class RequiredDocument(CatalogueRecord, SQLModel, table=True):
    __tablename__ = "required_document"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    offer_id: str | None = Field(
        default=None, foreign_key="offer.id", index=True, nullable=False, max_length=36
    )
    position: int = 0
    document_es: str
    document_en: str | None = None
    uri: str | None = Field(default=None, max_length=500)

    def change_root(self) -> tuple[str, str | None]:
        return "offer", self.offer_id


_CHILD = {"cascade": "all, delete-orphan"}


class Offer(CatalogueRecord, SQLModel, table=True):
    """A benefit or service an agency provides (HSDS service)."""

    __tablename__ = "offer"
    __table_args__ = (UniqueConstraint("slug", name="uq_offer_slug"),)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _OFFER_VERSION}
    change_entity: ClassVar[str] = "offer"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    slug: str = Field(index=True, max_length=160)
    agency_id: str = Field(foreign_key="agency.id", index=True, max_length=36)
    name_es: str = Field(max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    alternate_name: str | None = Field(default=None, max_length=200)
    description_es: str = Field(default="")
    description_en: str | None = None
    eligibility_es: str | None = None
    eligibility_en: str | None = None
    application_es: str | None = None
    application_en: str | None = None
    fees_es: str | None = None
    fees_en: str | None = None
    wait_time_es: str | None = None
    wait_time_en: str | None = None
    alert_es: str | None = None
    alert_en: str | None = None
    kind: str = Field(index=True, max_length=20)
    status: str = Field(default="active", index=True, max_length=20)
    scope: str = Field(default="national", index=True, max_length=10)
    # None: the source says nothing about cost (no column default: an explicit None must
    # stay NULL on insert, not become True)
    is_free: bool | None = Field(default=True, sa_column=Column(Boolean, nullable=True))
    cost_amount: float | None = None
    cost_currency: str | None = Field(default=None, max_length=3)
    minimum_age: int | None = None
    maximum_age: int | None = None
    capacity: int | None = None
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    populations: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    url: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=254)
    assured_date: date | None = None
    assurer_email: str | None = Field(default=None, max_length=254)
    last_modified: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    origin: str = Field(default="manual", index=True, max_length=10)
    version: int = Field(default=1, sa_column=_OFFER_VERSION)

    agency: "Agency" = Relationship(back_populates="offers")
    domains: list["OfferDomain"] = Relationship(
        sa_relationship_kwargs={"order_by": "OfferDomain.domain", **_CHILD}
    )
    categories: list["OfferCategory"] = Relationship(
        sa_relationship_kwargs={"order_by": "OfferCategory.term_code", **_CHILD}
    )
    areas: list["OfferArea"] = Relationship(
        sa_relationship_kwargs={"order_by": "OfferArea.position", **_CHILD}
    )
    rules: list["EligibilityRule"] = Relationship(
        sa_relationship_kwargs={"order_by": "EligibilityRule.position", **_CHILD}
    )
    documents: list["RequiredDocument"] = Relationship(
        sa_relationship_kwargs={"order_by": "RequiredDocument.position", **_CHILD}
    )
    offer_locations: list["OfferLocation"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "OfferLocation.position",
            "primaryjoin": "Offer.id == foreign(OfferLocation.offer_id)",
            **_CHILD,
        }
    )
    schedules: list["Schedule"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Schedule.position",
            "primaryjoin": "Offer.id == foreign(Schedule.offer_id)",
            **_CHILD,
        }
    )
    phones: list["Phone"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Phone.position",
            "primaryjoin": "Offer.id == foreign(Phone.offer_id)",
            **_CHILD,
        }
    )
    contacts: list["Contact"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Contact.position",
            "primaryjoin": "Offer.id == foreign(Contact.offer_id)",
            **_CHILD,
        }
    )

    def domain_codes(self, role: str | None = None) -> list[str]:
        return [d.domain for d in self.domains if role is None or d.role == role]
