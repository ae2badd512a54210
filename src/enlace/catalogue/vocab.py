"""The closed vocabularies of the catalogue: plain data, importable from anywhere."""

from __future__ import annotations

from enum import StrEnum

LANGUAGES: tuple[str, ...] = ("es", "en")
DEFAULT_LANGUAGE = "es"


class NeedDomain(StrEnum):
    """The twelve areas of social integration assessed during treatment."""

    EMPLOYMENT = "employment"
    TRAINING = "training"
    EDUCATION = "education"
    HOUSING = "housing"
    INCOME = "income"
    HEALTH = "health"
    FAMILY = "family"
    SOCIAL_SUPPORT = "social_support"
    PARTICIPATION = "participation"
    JUSTICE = "justice"
    DOCUMENTATION = "documentation"
    CHILDCARE = "childcare"


class DomainRole(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"


class Sector(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    NGO = "ngo"
    TREATMENT_CENTRE = "treatment_centre"


class AgencyLevel(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"
    COMMUNAL = "communal"


class OfferKind(StrEnum):
    BENEFIT = "benefit"  # subsidy or benefit
    COURSE = "course"
    PROGRAMME = "programme"
    SERVICE = "service"
    GROUP = "group"


class OfferStatus(StrEnum):
    """HSDS 3.0 service status values."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


class Scope(StrEnum):
    """How far an offer reaches: the whole country, some regions or some communes; or
    ``local``: only where its own locations are (imported data that names no area)."""

    NATIONAL = "national"
    REGIONAL = "regional"
    COMMUNAL = "communal"
    LOCAL = "local"


class LocationType(StrEnum):
    PHYSICAL = "physical"
    VIRTUAL = "virtual"
    POSTAL = "postal"


class Population(StrEnum):
    GENERAL = "general"
    PEOPLE_IN_TREATMENT = "people-in-treatment"
    WOMEN = "women"
    MEN = "men"
    YOUTH = "youth"
    OLDER_ADULTS = "older-adults"
    MIGRANTS = "migrants"
    PEOPLE_WITH_DISABILITIES = "people-with-disabilities"
    PEOPLE_WITH_CRIMINAL_RECORD = "people-with-criminal-record"
    HOMELESS = "homeless"
    PARENTS = "parents"
    INDIGENOUS = "indigenous"
    LGBTIQ = "lgbtiq"
    FAMILIES = "families"


class Origin(StrEnum):
    """Where a record came from: the shipped demo catalogue, an import or a person."""

    DEMO = "demo"
    IMPORT = "import"
    MANUAL = "manual"


WEEKDAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
