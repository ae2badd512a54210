"""Agreements between agencies: the edges of the partner network.

Codes (kind, status, role, quota period) are the closed vocabularies of
:mod:`enlace.network.vocab`; the services in :mod:`enlace.network.agreements` check them.
An agreement row is one validity period: a renewal is a new row that ``renews`` the
previous one, so each period keeps its own dates, quota, quota used, document and history.
"""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Column, Integer
from sqlmodel import Field, Relationship, SQLModel

from enlace.catalogue.base import CatalogueRecord, new_id
from enlace.db import utcnow

#: Longest texts of an agreement and of a party's contact person.
TITLE_MAX = 300
DESCRIPTION_MAX = 5000
URL_MAX = 500
CONTACT_NAME_MAX = 120
CONTACT_TITLE_MAX = 120
CONTACT_PHONE_MAX = 40
CONTACT_EMAIL_MAX = 254


class AgreementParty(CatalogueRecord, SQLModel, table=True):
    """An agency that signed an agreement, with its role and the person to call there.

    The contact is a work contact of the institution (who handles this agreement), never a
    participant.
    """

    __tablename__ = "agreement_party"

    agreement_id: str | None = Field(
        default=None, foreign_key="agreement.id", primary_key=True, max_length=36
    )
    agency_id: str = Field(foreign_key="agency.id", primary_key=True, max_length=36)
    role: str = Field(default="partner", max_length=10)
    contact_name: str | None = Field(default=None, max_length=CONTACT_NAME_MAX)
    contact_title: str | None = Field(default=None, max_length=CONTACT_TITLE_MAX)
    contact_phone: str | None = Field(default=None, max_length=CONTACT_PHONE_MAX)
    contact_email: str | None = Field(default=None, max_length=CONTACT_EMAIL_MAX)

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

#: The optimistic-locking counter: every UPDATE of an agreement row checks and bumps it.
_VERSION = Column("version", Integer, nullable=False)


class Agreement(CatalogueRecord, SQLModel, table=True):
    """A cooperation agreement: parties, kind, covered domains or offers, quota, validity.

    ``version`` is SQLAlchemy's version counter: an UPDATE made from a row loaded at an
    older version matches nothing and fails, so a second editor never overwrites the first.
    """

    __tablename__ = "agreement"
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _VERSION}
    change_entity: ClassVar[str] = "agreement"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    slug: str = Field(unique=True, index=True, max_length=160)
    title_es: str = Field(max_length=TITLE_MAX)
    title_en: str | None = Field(default=None, max_length=TITLE_MAX)
    description_es: str | None = None
    description_en: str | None = None
    kind: str = Field(index=True, max_length=30)
    status: str = Field(default="active", index=True, max_length=12)
    quota: int | None = None
    quota_period: str | None = Field(default=None, max_length=12)
    quota_used: int = 0
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    signed_on: date | None = None
    valid_from: date
    valid_to: date | None = None
    document_url: str | None = Field(default=None, max_length=URL_MAX)
    renews_id: str | None = Field(
        default=None,
        foreign_key="agreement.id",
        unique=True,
        index=True,
        max_length=36,
    )
    last_modified: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    origin: str = Field(default="manual", index=True, max_length=10)
    version: int = Field(default=1, sa_column=_VERSION)

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
