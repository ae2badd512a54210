"""Where offers happen: Chile's regions and communes, locations, hours and contacts."""

from datetime import date, datetime
from typing import ClassVar

from sqlmodel import Field, Relationship, SQLModel

from enlace.catalogue.base import CatalogueRecord, new_id

#: Regions whose Spanish name takes "del" ("Región del Maule") or nothing ("Región Metropolitana").
_REGION_PREPOSITION = {"13": "", "6": "del ", "7": "del ", "8": "del "}


def region_full_name(code: str, name: str) -> str:
    """A region as written in Spanish: "Región del Maule", "Región Metropolitana de Santiago"."""
    return f"Región {_REGION_PREPOSITION.get(code, 'de ')}{name}"


class Region(SQLModel, table=True):
    """One of Chile's 16 regions (CUT 2018 code, e.g. "13" Metropolitana)."""

    __tablename__ = "region"

    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=100)
    abbr: str = Field(max_length=10)
    position: int = Field(default=0, description="North-to-south order used in pickers")

    @property
    def full_name(self) -> str:
        """As written in Spanish: "Región del Maule", "Región Metropolitana de Santiago"."""
        return region_full_name(self.code, self.name)


class Commune(SQLModel, table=True):
    """One of Chile's 346 communes (CUT 2018 code, e.g. "7101" Talca)."""

    __tablename__ = "commune"

    code: str = Field(primary_key=True, max_length=5)
    name: str = Field(index=True, max_length=100)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=2)
    province_code: str = Field(max_length=3)
    province_name: str = Field(max_length=100)


class Location(CatalogueRecord, SQLModel, table=True):
    """A place (or web address) where an agency delivers offers (HSDS location + address)."""

    __tablename__ = "location"
    change_entity: ClassVar[str] = "location"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    slug: str = Field(index=True, max_length=160)
    agency_id: str = Field(foreign_key="agency.id", index=True, max_length=36)
    location_type: str = Field(default="physical", max_length=10)
    name_es: str | None = Field(default=None, max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    description_es: str | None = None
    description_en: str | None = None
    address_id: str | None = Field(default=None, max_length=36)
    address_1: str | None = Field(default=None, max_length=300)
    address_2: str | None = Field(default=None, max_length=300)
    commune_code: str | None = Field(default=None, foreign_key="commune.code", max_length=5)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=2)
    postal_code: str | None = Field(default=None, max_length=20)
    latitude: float | None = None
    longitude: float | None = None
    url: str | None = Field(default=None, max_length=500)
    transportation_es: str | None = None
    transportation_en: str | None = None
    accessibility_id: str | None = Field(default=None, max_length=36)
    accessibility_es: str | None = None
    accessibility_en: str | None = None
    last_modified: datetime | None = None

    schedules: list["Schedule"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Schedule.position",
            "cascade": "all, delete-orphan",
            "primaryjoin": "Location.id == foreign(Schedule.location_id)",
        }
    )
    phones: list["Phone"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Phone.position",
            "cascade": "all, delete-orphan",
            "primaryjoin": "Location.id == foreign(Phone.location_id)",
        }
    )

    def change_root(self) -> tuple[str, str | None]:
        return "agency", self.agency_id


class OfferLocation(CatalogueRecord, SQLModel, table=True):
    """An offer delivered at a location (HSDS service_at_location)."""

    __tablename__ = "offer_location"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    offer_id: str | None = Field(
        default=None, foreign_key="offer.id", index=True, nullable=False, max_length=36
    )
    location_id: str = Field(foreign_key="location.id", index=True, max_length=36)
    position: int = 0
    description_es: str | None = None
    description_en: str | None = None

    location: "Location" = Relationship()

    def change_root(self) -> tuple[str, str | None]:
        return "offer", self.offer_id


class Schedule(CatalogueRecord, SQLModel, table=True):
    """Opening hours as an HSDS/RFC 5545-style weekly rule ("MO,WE,FR" 09:00-14:00)."""

    __tablename__ = "schedule"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    offer_id: str | None = Field(default=None, foreign_key="offer.id", index=True, max_length=36)
    location_id: str | None = Field(
        default=None, foreign_key="location.id", index=True, max_length=36
    )
    position: int = 0
    freq: str = Field(default="WEEKLY", max_length=10)
    byday: str = Field(default="", max_length=40)
    opens_at: str | None = Field(default=None, max_length=5)
    closes_at: str | None = Field(default=None, max_length=5)
    valid_from: date | None = None
    valid_to: date | None = None
    description_es: str | None = None
    description_en: str | None = None

    @property
    def days(self) -> list[str]:
        return [d for d in self.byday.split(",") if d]

    def change_root(self) -> tuple[str, str | None]:
        if self.offer_id:
            return "offer", self.offer_id
        return "location", self.location_id


class Contact(CatalogueRecord, SQLModel, table=True):
    __tablename__ = "contact"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    agency_id: str | None = Field(default=None, foreign_key="agency.id", index=True, max_length=36)
    offer_id: str | None = Field(default=None, foreign_key="offer.id", index=True, max_length=36)
    position: int = 0
    name: str = Field(max_length=200)
    title: str | None = Field(default=None, max_length=200)
    department: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)

    phones: list["Phone"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "Phone.position",
            "cascade": "all, delete-orphan",
            "primaryjoin": "Contact.id == foreign(Phone.contact_id)",
        }
    )

    def change_root(self) -> tuple[str, str | None]:
        if self.offer_id:
            return "offer", self.offer_id
        return "agency", self.agency_id


class Phone(CatalogueRecord, SQLModel, table=True):
    __tablename__ = "phone"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    agency_id: str | None = Field(default=None, foreign_key="agency.id", index=True, max_length=36)
    offer_id: str | None = Field(default=None, foreign_key="offer.id", index=True, max_length=36)
    location_id: str | None = Field(
        default=None, foreign_key="location.id", index=True, max_length=36
    )
    contact_id: str | None = Field(default=None, foreign_key="contact.id", max_length=36)
    position: int = 0
    number: str = Field(max_length=40)
    extension: str | None = Field(default=None, max_length=10)
    phone_type: str = Field(default="voice", max_length=12)
    description_es: str | None = None
    description_en: str | None = None

    def change_root(self) -> tuple[str, str | None]:
        if self.offer_id:
            return "offer", self.offer_id
        if self.location_id:
            return "location", self.location_id
        return "agency", self.agency_id
