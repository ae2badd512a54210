"""Labels of catalogue stewardship: rule operators, history fields and actions, cost
choices, provider requests and problem reports (split from :mod:`enlace.web.labels`)."""

from __future__ import annotations

from flask_babel import LazyString

from enlace.i18n import _l

#: How a rule compares (the rule builder's operator choices).
RULE_OPERATORS: dict[str, LazyString] = {
    "eq": _l("is"),
    "in": _l("is one of"),
    "not_in": _l("is none of"),
    "gte": _l("is at least"),
    "lte": _l("is at most"),
    "between": _l("is between"),
    "has": _l("holds all of"),
}
#: What a coordinator did to an agency or an offer (audit actions ``catalogue.<kind>.<verb>``).
CATALOGUE_ACTIONS: dict[str, LazyString] = {
    "catalogue.offer.created": _l("Offer created"),
    "catalogue.offer.updated": _l("Offer changed"),
    "catalogue.offer.retired": _l("Offer retired"),
    "catalogue.offer.reinstated": _l("Offer reinstated"),
    "catalogue.offer.retired_with_agency": _l("Offer retired with its agency"),
    "catalogue.offer.reinstated_with_agency": _l("Offer reinstated with its agency"),
    "catalogue.offer.restored": _l("Earlier version of the offer restored"),
    "catalogue.offer.checked": _l("Offer checked, nothing changed"),
    "catalogue.agency.created": _l("Agency created"),
    "catalogue.agency.updated": _l("Agency changed"),
    "catalogue.agency.retired": _l("Agency retired"),
    "catalogue.agency.reinstated": _l("Agency reinstated"),
    "catalogue.agency.restored": _l("Earlier version of the agency restored"),
    "catalogue.agency.checked": _l("Agency checked, nothing changed"),
}
#: The fields of an agency or an offer, as its history names them.
CATALOGUE_FIELDS: dict[str, LazyString] = {
    "name_es": _l("Name (Spanish)"),
    "name_en": _l("Name (English)"),
    "alternate_name": _l("Other name"),
    "description_es": _l("Description (Spanish)"),
    "description_en": _l("Description (English)"),
    "eligibility_es": _l("Who can apply (Spanish)"),
    "eligibility_en": _l("Who can apply (English)"),
    "application_es": _l("How to apply (Spanish)"),
    "application_en": _l("How to apply (English)"),
    "fees_es": _l("Cost details (Spanish)"),
    "fees_en": _l("Cost details (English)"),
    "wait_time_es": _l("Waiting time (Spanish)"),
    "wait_time_en": _l("Waiting time (English)"),
    "alert_es": _l("Notice shown first (Spanish)"),
    "alert_en": _l("Notice shown first (English)"),
    "capacity": _l("How many people it can take"),
    "languages": _l("Languages it is given in"),
    "kind": _l("Type of offer"),
    "scope": _l("Where it is available"),
    "status": _l("Status"),
    "is_free": _l("Cost"),
    "cost_amount": _l("Amount"),
    "cost_currency": _l("Currency"),
    "minimum_age": _l("Minimum age"),
    "maximum_age": _l("Maximum age"),
    "url": _l("Web page"),
    "website": _l("Web page"),
    "email": _l("E-mail"),
    "assured_date": _l("Last checked"),
    "agency_id": _l("Agency"),
    "populations": _l("Especially for"),
    "domains": _l("Need domains"),
    "categories": _l("Categories"),
    "locations": _l("Places"),
    "place_notes": _l("Notes on the places"),
    "areas": _l("Regions and communes where it is available"),
    "schedules": _l("Opening hours"),
    "phones": _l("Phones"),
    "contacts": _l("Contacts"),
    "documents": _l("Documents to bring"),
    "rules": _l("Eligibility rules"),
    "sector": _l("Sector"),
    "level": _l("Level"),
    "region_code": _l("Region"),
    "commune_code": _l("Commune"),
    "places": _l("Places"),
    "address_1": _l("Street and number"),
    "address_2": _l("Office, floor or other details"),
    "postal_code": _l("Postal code"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "transportation_es": _l("How to get there (Spanish)"),
    "transportation_en": _l("How to get there (English)"),
    "accessibility_es": _l("Accessibility (Spanish)"),
    "accessibility_en": _l("Accessibility (English)"),
}
#: The three answers about cost (``is_free``: true, false, or not stated).
COST_CHOICES: dict[str, LazyString] = {
    "free": _l("Free"),
    "paid": _l("Has a cost"),
    "unknown": _l("Cost not stated"),
}
#: Where a provider update request stands.
UPDATE_REQUEST_STATUSES: dict[str, LazyString] = {
    "sent": _l("Link sent, waiting for the provider"),
    "proposed": _l("The provider proposed changes: waiting for your decision"),
    "closed": _l("Decided"),
    "revoked": _l("Link revoked"),
    "expired": _l("Link expired before the provider answered"),
}
#: What the coordinator decided about one proposed change.
DECISIONS: dict[str, LazyString] = {"accepted": _l("accepted"), "rejected": _l("rejected")}
#: What a visitor says is wrong with an offer's information.
REPORT_REASONS: dict[str, LazyString] = {
    "wrong_phone": _l("The phone number is wrong"),
    "closed": _l("It has closed or no longer exists"),
    "moved": _l("It has moved to another address"),
    "other": _l("Something else"),
}
