"""The HSDS 3.0 tables and the Enlace profile extension, as plain data.

The reference schemas ship in ``enlace/exchange/hsds_schema/``, but reading types and
column order from JSON Schemas at every import would be slow and indirect. So the parts
of the standard Enlace relies on are written here as data (a test checks them against
the vendored reference files), together with every ``enlace_`` extension property and
its type.

Field types: ``string``, ``uuid``, ``email``, ``uri``, ``number``, ``integer``,
``boolean``, ``date``, ``datetime``, ``time``, ``array`` and ``object`` (the last two are
JSON-encoded in CSV cells).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from enlace.network.vocab import LEGACY_STATUSES, AgreementStatus

EXTENSION_PREFIX = "enlace_"
PROFILE_VERSION = "1.0"
PROFILE_URI = "https://enlace.example/hsds-profile/1.0"
HSDS_VERSION = "3.0"


@dataclass(frozen=True)
class Table:
    """One object list of a dataset: its JSON file, CSV file and fields."""

    key: str  # the dataset key and JSON file stem, e.g. "service_at_locations"
    name: str  # the HSDS object / data-package resource name, e.g. "service_at_location"
    csv: str  # the CSV file name of the data package
    fields: dict[str, str]  # standard fields in data-package order -> type
    required: tuple[str, ...] = ()
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    foreign_keys: dict[str, str] = field(default_factory=dict)  # field -> table key
    extensions: dict[str, str] = field(default_factory=dict)  # enlace_ fields -> type
    standard: bool = True  # False for the profile's own tables

    @property
    def json(self) -> str:
        """The JSON file name of the table."""
        return f"{self.key}.json"

    @property
    def columns(self) -> list[str]:
        """CSV columns: the standard ones in order, then the extension ones sorted."""
        return [*self.fields, *sorted(self.extensions)]

    def type_of(self, name: str) -> str | None:
        """The type of a standard or extension field (None for unknown fields)."""
        return self.fields.get(name) or self.extensions.get(name)


def _fields(spec: str) -> dict[str, str]:
    """``"id:uuid name year:number"`` -> ``{"id": "uuid", "name": "string", ...}``."""
    result: dict[str, str] = {}
    for item in spec.split():
        name, _, kind = item.partition(":")
        result[name] = kind or "string"
    return result


_POSITION = {"enlace_position": "integer"}
_TRANSLATED = {"enlace_translations": "object"}

TABLES: dict[str, Table] = {
    t.key: t
    for t in (
        Table(
            "organizations",
            "organization",
            "organizations.csv",
            _fields(
                "id:uuid name alternate_name description email:email website:uri tax_status "
                "tax_id year_incorporated:number legal_status logo uri:uri "
                "parent_organization_id:uuid"
            ),
            required=("id", "name", "description"),
            foreign_keys={"parent_organization_id": "organizations"},
            extensions={
                "enlace_slug": "string",
                "enlace_sector": "string",
                "enlace_level": "string",
                "enlace_region_code": "string",
                "enlace_commune_code": "string",
                "enlace_status": "string",
                "enlace_assured_date": "date",
                "enlace_last_modified": "datetime",
                "enlace_origin": "string",
                **_TRANSLATED,
            },
        ),
        Table(
            "programs",
            "program",
            "programs.csv",
            _fields("id:uuid organization_id:uuid name alternate_name description"),
            required=("id", "name", "description"),
            foreign_keys={"organization_id": "organizations"},
        ),
        Table(
            "services",
            "service",
            "services.csv",
            _fields(
                "id:uuid organization_id:uuid program_id:uuid name alternate_name description "
                "url:uri email:email status interpretation_services application_process "
                "fees_description wait_time fees accreditations eligibility_description "
                "minimum_age:number maximum_age:number assured_date:date assurer_email:email "
                "licenses alert last_modified:datetime"
            ),
            required=("id", "name", "status"),
            enums={"status": ("active", "inactive", "defunct", "temporarily closed")},
            foreign_keys={"organization_id": "organizations", "program_id": "programs"},
            extensions={
                "enlace_slug": "string",
                "enlace_kind": "string",
                "enlace_scope": "string",
                "enlace_populations": "array",
                "enlace_is_free": "boolean",
                "enlace_capacity": "integer",
                "enlace_domains": "array",
                "enlace_categories": "array",
                "enlace_eligibility_rules": "array",
                "enlace_origin": "string",
                **_TRANSLATED,
            },
        ),
        Table(
            "attributes",
            "attribute",
            "attributes.csv",
            _fields("id:uuid link_id:uuid taxonomy_term_id:uuid link_type link_entity value"),
            required=("id",),
            foreign_keys={"taxonomy_term_id": "taxonomy_terms"},
        ),
        Table(
            "service_at_locations",
            "service_at_location",
            "service_at_location.csv",
            _fields("id:uuid service_id:uuid location_id:uuid description"),
            required=("id",),
            foreign_keys={"service_id": "services", "location_id": "locations"},
            extensions={**_POSITION, **_TRANSLATED},
        ),
        Table(
            "locations",
            "location",
            "locations.csv",
            _fields(
                "id:uuid location_type url:uri organization_id:uuid name alternate_name "
                "description transportation latitude:number longitude:number "
                "external_identifier external_identifier_type"
            ),
            required=("id", "location_type"),
            enums={"location_type": ("physical", "postal", "virtual")},
            foreign_keys={"organization_id": "organizations"},
            extensions={
                "enlace_slug": "string",
                "enlace_region_code": "string",
                "enlace_commune_code": "string",
                "enlace_last_modified": "datetime",
                **_TRANSLATED,
            },
        ),
        Table(
            "phones",
            "phone",
            "phones.csv",
            _fields(
                "id:uuid location_id:uuid service_id:uuid organization_id:uuid contact_id:uuid "
                "service_at_location_id:uuid number extension:number type description"
            ),
            required=("id", "number"),
            foreign_keys={
                "contact_id": "contacts",
                "location_id": "locations",
                "organization_id": "organizations",
                "service_id": "services",
                "service_at_location_id": "service_at_locations",
            },
            extensions={**_POSITION, **_TRANSLATED, "enlace_extension": "string"},
        ),
        Table(
            "contacts",
            "contact",
            "contacts.csv",
            _fields(
                "id:uuid organization_id:uuid service_id:uuid service_at_location_id:uuid "
                "location_id:uuid name title department email:email"
            ),
            required=("id",),
            foreign_keys={
                "location_id": "locations",
                "organization_id": "organizations",
                "service_id": "services",
                "service_at_location_id": "service_at_locations",
            },
            extensions=dict(_POSITION),
        ),
        Table(
            "addresses",
            "address",
            "addresses.csv",
            _fields(
                "id:uuid location_id:uuid attention address_1 address_2 city region "
                "state_province postal_code country address_type"
            ),
            required=(
                "id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ),
            enums={"address_type": ("physical", "postal", "virtual")},
            foreign_keys={"location_id": "locations"},
        ),
        Table(
            "schedules",
            "schedule",
            "schedules.csv",
            _fields(
                "id:uuid service_id:uuid location_id:uuid service_at_location_id:uuid "
                "valid_from:date valid_to:date dtstart:date timezone:number until:date "
                "count:number wkst freq interval:number byday byweekno bymonthday byyearday "
                "description opens_at:time closes_at:time schedule_link:uri attending_type notes"
            ),
            required=("id",),
            enums={
                "wkst": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
                "freq": ("WEEKLY", "MONTHLY"),
            },
            foreign_keys={
                "location_id": "locations",
                "service_id": "services",
                "service_at_location_id": "service_at_locations",
            },
            extensions={**_POSITION, **_TRANSLATED},
        ),
        Table(
            "funding",
            "funding",
            "funding.csv",
            _fields("id:uuid organization_id:uuid service_id:uuid source"),
            required=("id",),
            foreign_keys={"organization_id": "organizations", "service_id": "services"},
        ),
        Table(
            "service_areas",
            "service_area",
            "service_areas.csv",
            _fields("id:uuid service_id:uuid name description extent extent_type uri"),
            required=("id",),
            foreign_keys={"service_id": "services"},
            extensions={
                **_POSITION,
                "enlace_region_code": "string",
                "enlace_commune_code": "string",
            },
        ),
        Table(
            "required_documents",
            "required_document",
            "required_documents.csv",
            _fields("id:uuid service_id:uuid document uri:uri"),
            required=("id",),
            foreign_keys={"service_id": "services"},
            extensions={**_POSITION, **_TRANSLATED},
        ),
        Table(
            "languages",
            "language",
            "languages.csv",
            _fields("id:uuid service_id:uuid location_id:uuid phone_id:uuid name code note"),
            required=("id",),
            foreign_keys={
                "location_id": "locations",
                "phone_id": "phones",
                "service_id": "services",
            },
            extensions=dict(_POSITION),
        ),
        Table(
            "accessibility",
            "accessibility",
            "accessibility.csv",
            _fields("id:uuid location_id:uuid description details url:uri"),
            required=("id",),
            foreign_keys={"location_id": "locations"},
            extensions=dict(_TRANSLATED),
        ),
        Table(
            "taxonomy_terms",
            "taxonomy_term",
            "taxonomy_terms.csv",
            _fields(
                "id:uuid code name description parent_id:uuid taxonomy language "
                "taxonomy_id:uuid term_uri:uri"
            ),
            required=("id", "name", "description"),
            foreign_keys={"taxonomy_id": "taxonomies"},
            extensions={
                "enlace_domain": "string",
                "enlace_level": "integer",
                "enlace_icon": "string",
                "enlace_open_eligibility": "array",
                **_POSITION,
                **_TRANSLATED,
            },
        ),
        Table(
            "metadata",
            "metadata",
            "metadata.csv",
            _fields(
                "id:uuid resource_id:uuid resource_type last_action_date:date "
                "last_action_type field_name previous_value replacement_value updated_by"
            ),
            required=(
                "id",
                "last_action_date",
                "last_action_type",
                "field_name",
                "previous_value",
                "replacement_value",
                "updated_by",
            ),
        ),
        Table(
            "meta_table_descriptions",
            "meta_table_description",
            "meta_table_descriptions.csv",
            _fields("id:uuid name language character_set"),
            required=("id",),
        ),
        Table(
            "cost_options",
            "cost_option",
            "cost_options.csv",
            _fields(
                "id:uuid service_id:uuid valid_from:date valid_to:date option currency "
                "amount:number amount_description"
            ),
            required=("id",),
            foreign_keys={"service_id": "services"},
        ),
        Table(
            "organization_identifiers",
            "organization_identifier",
            "organization_identifiers.csv",
            _fields("id:uuid organization_id:uuid identifier_scheme identifier_type identifier"),
            required=("id", "identifier_type", "identifier"),
            foreign_keys={"organization_id": "organizations"},
        ),
        Table(
            "taxonomies",
            "taxonomy",
            "taxonomies.csv",
            _fields("id:uuid name description uri:uri version"),
            required=("id", "name", "description"),
            extensions=dict(_TRANSLATED),
        ),
        Table(
            "enlace_agreements",
            "enlace_agreement",
            "enlace_agreements.csv",
            _fields(
                "id:uuid slug title description kind status quota:integer quota_period "
                "quota_used:integer region_code signed_on:date valid_from:date valid_to:date "
                "document_url:uri renews_id:uuid last_modified:datetime origin "
                "translations:object parties:array domains:array service_ids:array"
            ),
            required=("id", "slug", "title", "kind", "status", "valid_from", "parties"),
            # "expired" and "terminated" come from older exports; the reader maps them
            enums={"status": (*(status.value for status in AgreementStatus), *LEGACY_STATUSES)},
            standard=False,
        ),
        Table(
            "enlace_network_memberships",
            "enlace_network_membership",
            "enlace_network_memberships.csv",
            _fields(
                "id:uuid network_id:uuid member_id:uuid role since:date until:date "
                "last_modified:datetime origin"
            ),
            required=("id", "network_id", "member_id"),
            foreign_keys={"network_id": "organizations", "member_id": "organizations"},
            enums={"role": ("member", "coordinator", "observer")},
            standard=False,
        ),
    )
}

#: Every dataset key in a stable order (HSDS data-package order, then the profile).
DATASET_KEYS: tuple[str, ...] = tuple(TABLES)

#: Accepted file stems for each table when reading (JSON files may be named either way).
ALIASES: dict[str, str] = {
    **{t.key: t.key for t in TABLES.values()},
    **{t.name: t.key for t in TABLES.values()},
    **{t.csv.removesuffix(".csv"): t.key for t in TABLES.values()},
}


#: Tables whose records others are about (and point at by id): their ids are never made up.
ENTITY_TABLES: frozenset[str] = frozenset(
    {
        "organizations",
        "services",
        "locations",
        "service_at_locations",
        "programs",
        "taxonomies",
        "taxonomy_terms",
        "enlace_agreements",
    }
)
#: The rest belong to one owner (schedules, phones, languages, addresses...): a child
#: without an id, or with an id repeated for different content, gets an id derived from
#: its table and content. (A language that points at a repeated phone id keeps the first.)
CHILD_TABLES: frozenset[str] = frozenset(set(TABLES) - ENTITY_TABLES)
