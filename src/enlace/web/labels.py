"""Human labels for the catalogue's codes, translatable (the pure layers return codes)."""

from __future__ import annotations

from flask_babel import LazyString

from enlace.i18n import _l

KINDS: dict[str, LazyString] = {
    "benefit": _l("Benefit or subsidy"),
    "course": _l("Course"),
    "programme": _l("Programme"),
    "service": _l("Service"),
    "group": _l("Group"),
}
SECTORS: dict[str, LazyString] = {
    "public": _l("Public body"),
    "private": _l("Private company"),
    "ngo": _l("NGO or foundation"),
    "treatment_centre": _l("Treatment centre"),
}
LEVELS: dict[str, LazyString] = {
    "national": _l("National"),
    "regional": _l("Regional"),
    "communal": _l("Communal"),
}
SCOPES: dict[str, LazyString] = {
    "national": _l("Available throughout Chile"),
    "regional": _l("Available in some regions"),
    "communal": _l("Available in some communes"),
}
STATUSES: dict[str, LazyString] = {
    "active": _l("Active"),
    "inactive": _l("Not currently running"),
    "defunct": _l("Closed for good"),
    "temporarily closed": _l("Temporarily closed"),
}
POPULATIONS: dict[str, LazyString] = {
    "general": _l("Everyone"),
    "people-in-treatment": _l("People in drug treatment"),
    "women": _l("Women"),
    "men": _l("Men"),
    "youth": _l("Young people"),
    "older-adults": _l("Older adults"),
    "migrants": _l("Migrants"),
    "people-with-disabilities": _l("People with disabilities"),
    "people-with-criminal-record": _l("People with a criminal record"),
    "homeless": _l("People living on the street"),
    "parents": _l("Mothers and fathers"),
    "indigenous": _l("Indigenous peoples"),
    "lgbtiq": _l("LGBTIQ+ people"),
    "families": _l("Families"),
}
LANGUAGE_NAMES: dict[str, LazyString] = {
    "es": _l("Spanish"),
    "en": _l("English"),
    "ht": _l("Haitian Creole"),
    "arn": _l("Mapudungun"),
    "ay": _l("Aymara"),
    "aym": _l("Aymara"),
    "rap": _l("Rapa Nui"),
    "fr": _l("French"),
    "pt": _l("Portuguese"),
    "qu": _l("Quechua"),
}
WEEKDAY_NAMES: dict[str, LazyString] = {
    "MO": _l("Monday"),
    "TU": _l("Tuesday"),
    "WE": _l("Wednesday"),
    "TH": _l("Thursday"),
    "FR": _l("Friday"),
    "SA": _l("Saturday"),
    "SU": _l("Sunday"),
}
PHONE_TYPES: dict[str, LazyString] = {
    "voice": _l("Phone"),
    "cell": _l("Mobile"),
    "whatsapp": _l("WhatsApp"),
    "text": _l("Text messages"),
    "fax": _l("Fax"),
    "video": _l("Video call"),
    "textphone": _l("Text phone"),
    "pager": _l("Pager"),
}


def label(table: dict[str, LazyString], code: str | None) -> str:
    """The label of a code, or the code itself when it is not in the vocabulary."""
    if code is None:
        return ""
    found = table.get(code)
    return str(found) if found is not None else code


FREE = _l("Free")
UNKNOWN_REGION = _l("Choose a region from the list.")
SORT_NAMES: dict[str, LazyString] = {
    "relevance": _l("Best match"),
    "proximity": _l("Nearest first"),
    "name": _l("Name"),
    "recent": _l("Recently verified"),
}
FACET_NAMES: dict[str, LazyString] = {
    "domain": _l("Need"),
    "category": _l("Category"),
    "region": _l("Region"),
    "commune": _l("Commune"),
    "sector": _l("Who offers it"),
    "free": _l("Cost"),
    "population": _l("Especially for"),
    "language": _l("Language"),
    "kind": _l("Type of offer"),
}
