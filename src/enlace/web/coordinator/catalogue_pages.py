"""What the catalogue views share: the form <-> draft conversion, the choices the forms
list (the rule builder's operators and values follow the row's attribute), the services'
messages put next to their fields, the rule previews in both languages, and history lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlmodel import Session
from wtforms import FieldList

from enlace.accounts.models import User
from enlace.accounts.policy import NATIONAL, region_scope
from enlace.catalogue.lookup import reference_data
from enlace.catalogue.models import Agency, Offer
from enlace.stewardship.read import agency_places
from enlace.stewardship.records import agency_snapshot, offer_snapshot
from enlace.stewardship.rule_builder import (
    RawValue,
    build,
    buildable,
    operators_for,
    raw_of,
    value_choices,
    widget_for,
)
from enlace.web import catalogue_labels
from enlace.web.common import options
from enlace.web.coordinator.catalogue_forms import AgencyForm, OfferForm, RuleForm
from enlace.web.match_text import VALUE_LABELS
from enlace.web.record_rows import (
    add_blank_rows,
    contact_rows,
    filled_rows,
    phone_rows,
    schedule_form_rows,
    schedule_rows,
    text_or_none,
)

ROW_LISTS = ("areas", "phones", "schedules", "contacts", "documents", "rules")


def _english() -> bool:
    return str(get_locale() or "es") == "en"


def place_names(session: Session) -> dict[str, str]:
    ref = reference_data(session)
    return {
        **{c.code: c.name for c in ref.communes.values()},
        **{r.code: r.name for r in ref.regions},
    }


def _value_label(attribute: str, value: str, places: Mapping[str, str]) -> str:
    found = VALUE_LABELS.get(attribute, {}).get(value)
    return str(found) if found is not None else places.get(value, value)


def prepare_rule(
    row: RuleForm, places: Mapping[str, str], place_codes: dict[str, list[str]]
) -> None:
    """The operator and value choices this row's attribute allows (the no-JS builder)."""
    attribute = row.attribute.data or ""
    ops = operators_for(attribute)
    row.operator.choices = options((op, catalogue_labels.RULE_OPERATORS[op]) for op in ops)
    if row.operator.data not in ops:
        row.operator.data = ops[0] if ops else ""
    values = value_choices(attribute, place_codes.get(attribute, []))
    pairs = [(v, _value_label(attribute, v, places)) for v in values]
    row.choices.choices = options(pairs)
    blank = [("", _l("Choose"))]
    for name in ("level", "low_level", "high_level"):
        getattr(row, name).choices = options([*blank, *pairs])
    row.widget = widget_for(attribute, row.operator.data or "")


def _place_note_rows(form: OfferForm, places: list[tuple[str, str]]) -> None:
    """One note row per place of the agency, in the places' order, keeping what was typed."""
    typed = {
        entry.form.location_id.data: (entry.form.note_es.data or "", entry.form.note_en.data or "")
        for entry in form.place_notes
    }
    while form.place_notes.entries:
        form.place_notes.pop_entry()
    for place_id, name in places[: form.place_notes.max_entries]:
        es, en = typed.get(place_id, ("", ""))
        entry = form.place_notes.append_entry(
            {"location_id": place_id, "note_es": es, "note_en": en}
        )
        entry.form.place_name = name


def prepare_offer(form: OfferForm, session: Session, agency_id: str) -> None:
    ref = reference_data(session)
    english = _english()
    form.categories.choices = options(
        (t.code, (t.name_en if english and t.name_en else t.name_es))
        for t in sorted(ref.terms.values(), key=lambda t: (t.domain, t.position))
        if t.level == 1
    )
    agency_sites = agency_places(session, agency_id)
    form.locations.choices = options(agency_sites)
    _place_note_rows(form, agency_sites)
    add_blank_rows(form, ROW_LISTS)
    region_options = options(
        [("", _l("Choose a region")), *((r.code, r.name) for r in ref.regions)]
    )
    commune_options = options(
        [
            ("", _l("The whole region")),
            *((c.code, c.name) for c in sorted(ref.communes.values(), key=lambda c: c.name)),
        ]
    )
    for entry in form.areas:
        entry.form.region_code.choices = region_options
        entry.form.commune_code.choices = commune_options
    places = place_names(session)
    codes = {"region": [r.code for r in ref.regions], "commune": sorted(ref.communes)}
    for entry in form.rules:
        prepare_rule(entry.form, places, codes)


def prepare_agency(form: AgencyForm, session: Session, user: User) -> None:
    ref = reference_data(session)
    scope = region_scope(user)
    regions = [(r.code, r.name) for r in ref.regions if scope in (NATIONAL, r.code)]
    national = [("", _l("National (every region)"))] if scope == NATIONAL else []
    form.region_code.choices = options([*national, *regions])
    communes = sorted(ref.communes.values(), key=lambda c: c.name)
    form.commune_code.choices = options(
        [
            ("", _l("No commune")),
            *((c.code, c.name) for c in communes if scope in (NATIONAL, c.region_code)),
        ]
    )
    add_blank_rows(form, ("phones", "contacts"))


def rule_of(row: RuleForm) -> tuple[dict[str, Any], bool]:
    """A rule row as the service stores it, and whether its value could be built."""
    raw = RawValue(
        number=row.number.data or "",
        low=row.low.data or "",
        high=row.high.data or "",
        level=row.level.data or "",
        low_level=row.low_level.data or "",
        high_level=row.high_level.data or "",
        choices=tuple(row.choices.data or ()),
        flag=row.flag.data or "",
    )
    attribute, op = row.attribute.data or "", row.operator.data or ""
    value, problems = build(attribute, op, raw)
    rule = {
        "attribute": attribute,
        "operator": op,
        "value": value,
        "group": text_or_none(row.group.data),
        "note_es": text_or_none(row.note_es.data),
        "note_en": text_or_none(row.note_en.data),
    }
    return rule, not problems


def offer_draft(form: OfferForm) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The draft the form holds, and for each row list the form rows it came from."""
    cost = form.cost.data
    draft: dict[str, Any] = {
        name: text_or_none(getattr(form, name).data)
        for name in (
            "name_en",
            "alternate_name",
            "description_en",
            "alert_es",
            "alert_en",
            "eligibility_es",
            "eligibility_en",
            "application_es",
            "application_en",
            "fees_es",
            "fees_en",
            "wait_time_es",
            "wait_time_en",
            "url",
            "email",
        )
    }
    draft["name_es"] = (form.name_es.data or "").strip()
    draft["description_es"] = (form.description_es.data or "").strip()
    draft["kind"] = form.kind.data or ""
    draft["scope"] = form.scope.data or ""
    draft["is_free"] = {"free": True, "paid": False}.get(cost or "")
    draft["cost_amount"] = (
        float(form.cost_amount.value) if form.cost_amount.value is not None else None
    )
    draft["cost_currency"] = "CLP" if draft["cost_amount"] is not None else None
    draft["minimum_age"] = form.minimum_age.value
    draft["maximum_age"] = form.maximum_age.value
    draft["capacity"] = form.capacity.value
    draft["languages"] = sorted(form.languages.data or ())
    domains = {d: "secondary" for d in form.secondary_domains.data or ()}
    if form.primary_domain.data:
        domains[form.primary_domain.data] = "primary"
    draft["domains"] = domains
    draft["categories"] = sorted(form.categories.data or ())
    draft["populations"] = sorted(form.populations.data or ())
    draft["locations"] = list(form.locations.data or ())
    draft["place_notes"] = sorted(
        (
            {
                "location_id": entry.form.location_id.data,
                "note_es": text_or_none(entry.form.note_es.data),
                "note_en": text_or_none(entry.form.note_en.data),
            }
            for entry in form.place_notes
            if entry.form.location_id.data in draft["locations"]
            and (text_or_none(entry.form.note_es.data) or text_or_none(entry.form.note_en.data))
        ),
        key=lambda note: str(note["location_id"]),
    )
    rows: dict[str, list[int]] = {}
    areas, rows["areas"] = filled_rows(form, "areas")
    draft["areas"] = [
        {"region_code": a.region_code.data, "commune_code": a.commune_code.data or None}
        for a in areas
    ]
    draft["phones"], rows["phones"] = phone_rows(form)
    draft["schedules"], rows["schedules"] = schedule_rows(form)
    draft["contacts"], rows["contacts"] = contact_rows(form)
    documents, rows["documents"] = filled_rows(form, "documents")
    draft["documents"] = [
        {
            "document_es": (d.document_es.data or "").strip(),
            "document_en": text_or_none(d.document_en.data),
        }
        for d in documents
    ]
    rules, rows["rules"] = filled_rows(form, "rules")
    draft["rules"] = [rule_of(r)[0] for r in rules]
    return draft, rows


def offer_form_data(offer: Offer) -> dict[str, Any]:
    """The edit form's starting values for an offer."""
    data = offer_snapshot(offer)
    form: dict[str, Any] = {
        k: (v if v is not None else "")
        for k, v in data.items()
        if isinstance(v, str | type(None)) and k not in ("assured_date",)
    }
    form["version"] = str(offer.version)
    form["cost"] = {True: "free", False: "paid"}.get(data["is_free"], "unknown")
    form["cost_amount"] = "" if data["cost_amount"] is None else str(int(data["cost_amount"]))
    form["minimum_age"] = "" if data["minimum_age"] is None else str(data["minimum_age"])
    form["maximum_age"] = "" if data["maximum_age"] is None else str(data["maximum_age"])
    form["capacity"] = "" if data["capacity"] is None else str(data["capacity"])
    form["languages"] = data["languages"]
    form["primary_domain"] = next((d for d, r in data["domains"].items() if r == "primary"), "")
    form["secondary_domains"] = [d for d, r in data["domains"].items() if r != "primary"]
    form["categories"] = data["categories"]
    form["populations"] = data["populations"]
    form["locations"] = data["locations"]
    form["place_notes"] = [{k: v or "" for k, v in n.items()} for n in data["place_notes"]]
    form["areas"] = [{k: v or "" for k, v in a.items()} for a in data["areas"]]
    form["phones"] = [{k: v or "" for k, v in p.items()} for p in data["phones"]]
    form["schedules"] = schedule_form_rows(data["schedules"])
    form["contacts"] = [{k: v or "" for k, v in c.items()} for c in data["contacts"]]
    form["documents"] = [{k: v or "" for k, v in d.items()} for d in data["documents"]]
    form["rules"] = []
    for rule in data["rules"]:
        operator, value = buildable(rule["attribute"], rule["operator"], rule["value"])
        raw = raw_of(rule["attribute"], operator, value)
        form["rules"].append(
            {
                "attribute": rule["attribute"],
                "operator": operator,
                "number": raw.number,
                "low": raw.low,
                "high": raw.high,
                "level": raw.level,
                "low_level": raw.low_level,
                "high_level": raw.high_level,
                "choices": list(raw.choices),
                "flag": raw.flag,
                "group": rule["group"] or "",
                "note_es": rule["note_es"] or "",
                "note_en": rule["note_en"] or "",
            }
        )
    return form


def agency_draft(form: AgencyForm) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The draft the form holds (its places are edited on their own pages), and for each
    row list the form rows it came from."""
    draft: dict[str, Any] = {
        name: text_or_none(getattr(form, name).data)
        for name in (
            "name_en",
            "alternate_name",
            "description_en",
            "website",
            "email",
            "region_code",
            "commune_code",
        )
    }
    draft["name_es"] = (form.name_es.data or "").strip()
    draft["description_es"] = (form.description_es.data or "").strip()
    draft["sector"] = form.sector.data or ""
    draft["level"] = form.level.data or ""
    rows: dict[str, list[int]] = {}
    draft["phones"], rows["phones"] = phone_rows(form)
    draft["contacts"], rows["contacts"] = contact_rows(form)
    return draft, rows


def agency_form_data(agency: Agency) -> dict[str, Any]:
    data = agency_snapshot(agency)
    lists = ("phones", "contacts", "places", "assured_date")
    form = {k: (v or "") for k, v in data.items() if k not in lists}
    form["version"] = str(agency.version)
    form["phones"] = [{k: v or "" for k, v in p.items()} for p in data["phones"]]
    form["contacts"] = [{k: v or "" for k, v in c.items()} for c in data["contacts"]]
    return form


def put_errors(
    form: Any, errors: Mapping[str, list[Any]], rows: Mapping[str, list[int]]
) -> list[str]:
    """Each service message next to its field; returns messages with no field."""
    loose: list[str] = []
    aliases = {"domains": "primary_domain", "is_free": "cost"}
    for key, messages in errors.items():
        texts = [str(m) for m in messages]
        field = None
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] in ROW_LISTS and parts[1].isdigit():
            indexes = rows.get(parts[0], [])
            n = int(parts[1])
            if n < len(indexes):
                row = getattr(form, parts[0])[indexes[n]].form
                field = getattr(row, "attribute" if parts[2] == "value" else parts[2], None)
                if parts[2] == "byday":
                    field = row.days
        else:
            field = getattr(form, aliases.get(key, key), None)
        if field is None or isinstance(field, FieldList):
            loose.extend(texts)
        else:
            field.errors = [*field.errors, *texts]
    return loose
