"""Agreements between agencies: the edges of the partner network."""

from datetime import date, datetime
from typing import ClassVar

from sqlmodel import Field, Relationship, SQLModel

from enlace.catalogue.base import CatalogueRecord, new_id
from enlace.db import utcnow


class AgreementParty(CatalogueRecord, SQLModel, table=True):
    """An agency that signed an agreement, with its role (referrer, provider, ...)."""

    __tablename__ = "agreement_party"

    agreement_id: str | None = Field(
        default=None, foreign_key="agreement.id", primary_key=True, max_length=36
    )
    agency_id: str = Field(foreign_key="agency.id", primary_key=True, max_length=36)
    role: str = Field(default="partner", max_length=10)

    def change_root(self) -> tuple[str, str | None]:
        return "agreement", self.agreement_id


class AgreementDomain(CatalogueRecord, SQLModel, table=True):
    __tablename__ = "agreement_domain"

    agreement_id: str | None = Field(
        default=None, foreign_key="agreement.id", primary_key=True, max_length=36
    )
    domain: str = Field(primary_key=True, max_length=20)

    def change_root(self) -> tuple[str, str | None]:
        return "agreement", self.agreement_id


class AgreementOffer(CatalogueRecord, SQLModel, table=True):
    __tablename__ = "agreement_offer"

    agreement_id: str | None = Field(
        default=None, foreign_key="agreement.id", primary_key=True, max_length=36
    )
    offer_id: str | None = Field(
        default=None, foreign_key="offer.id", primary_key=True, max_length=36
    )

    def change_root(self) -> tuple[str, str | None]:
        return "agreement", self.agreement_id


_CHILD = {"cascade": "all, delete-orphan"}


class Agreement(CatalogueRecord, SQLModel, table=True):
    """A cooperation agreement: parties, kind, covered domains or offers, quota, validity."""

    __tablename__ = "agreement"
    change_entity: ClassVar[str] = "agreement"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    slug: str = Field(unique=True, index=True, max_length=160)
    title_es: str = Field(max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    description_es: str | None = None
    description_en: str | None = None
    kind: str = Field(index=True, max_length=30)
    status: str = Field(default="active", index=True, max_length=12)
    quota: int | None = None
    quota_period: str | None = Field(default=None, max_length=12)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    signed_on: date | None = None
    valid_from: date
    valid_to: date | None = None
    document_url: str | None = Field(default=None, max_length=500)
    last_modified: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    origin: str = Field(default="manual", index=True, max_length=10)

    parties: list["AgreementParty"] = Relationship(
        sa_relationship_kwargs={"order_by": "AgreementParty.agency_id", **_CHILD}
    )
    domains: list["AgreementDomain"] = Relationship(
        sa_relationship_kwargs={"order_by": "AgreementDomain.domain", **_CHILD}
    )
    offers: list["AgreementOffer"] = Relationship(
        sa_relationship_kwargs={"order_by": "AgreementOffer.offer_id", **_CHILD}
    )


class NetworkMembership(CatalogueRecord, SQLModel, table=True):
    """An agency (usually a treatment centre) belonging to a network for a period.

    The network is itself an agency (SENDA's national treatment programme, a regional
    network of centres): agreements signed by the network reach every member through this
    row, so a national agreement is stored once, never copied per centre.
    """

    __tablename__ = "network_membership"
    change_entity: ClassVar[str] = "membership"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    network_id: str = Field(foreign_key="agency.id", index=True, max_length=36)
    member_id: str = Field(foreign_key="agency.id", index=True, max_length=36)
    role: str = Field(default="member", max_length=20)
    since: date | None = None
    until: date | None = None
    last_modified: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    origin: str = Field(default="manual", index=True, max_length=10)
