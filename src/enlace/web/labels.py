"""Human labels for the codes of Enlace's vocabularies, translatable (pure layers return codes).

Each table is keyed by the enum it labels (a ``StrEnum`` member equals its code, so a
table answers for the member and for the plain string a record holds); the tests check
that every member has a Spanish and an English label. Codes are never shown to people.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from flask_babel import LazyString

from enlace.accounts.audit import AuditAction
from enlace.accounts.policy import Role
from enlace.accounts.tokens import TokenScope
from enlace.casework import vocab as casework
from enlace.catalogue.vocab import (
    AgencyLevel,
    DomainRole,
    LocationType,
    NeedDomain,
    OfferKind,
    OfferStatus,
    Origin,
    Population,
    Scope,
    Sector,
)
from enlace.evaluation import tables as evaluation
from enlace.i18n import _l
from enlace.matching.profile import NeedLevel, Source
from enlace.matching.rules import Outcome
from enlace.network.plain import AgreementState
from enlace.network.vocab import (
    AgreementKind,
    AgreementStatus,
    EffectiveStatus,
    PartyRole,
    PartySide,
    QuotaPeriod,
)
from enlace.web import casework_labels as cw
from enlace.web import evaluation_labels as ev
from enlace.web import match_text
from enlace.web.catalogue_labels import CATALOGUE_ACTIONS

NEED_DOMAINS: dict[NeedDomain, LazyString] = {
    NeedDomain.EMPLOYMENT: _l("Employment"),
    NeedDomain.TRAINING: _l("Training"),
    NeedDomain.EDUCATION: _l("Education"),
    NeedDomain.HOUSING: _l("Housing"),
    NeedDomain.INCOME: _l("Income and social protection"),
    NeedDomain.HEALTH: _l("Health"),
    NeedDomain.FAMILY: _l("Family"),
    NeedDomain.SOCIAL_SUPPORT: _l("Social support and self-help"),
    NeedDomain.PARTICIPATION: _l("Participation and leisure"),
    NeedDomain.JUSTICE: _l("Justice and legal aid"),
    NeedDomain.DOCUMENTATION: _l("Documentation"),
    NeedDomain.CHILDCARE: _l("Childcare"),
}
DOMAIN_ROLES: dict[DomainRole, LazyString] = {
    DomainRole.PRIMARY: _l("Main need"),
    DomainRole.SECONDARY: _l("Also helps with"),
}
KINDS: dict[OfferKind, LazyString] = {
    OfferKind.BENEFIT: _l("Benefit or subsidy"),
    OfferKind.COURSE: _l("Course"),
    OfferKind.PROGRAMME: _l("Programme"),
    OfferKind.SERVICE: _l("Service"),
    OfferKind.GROUP: _l("Group"),
}
SECTORS: dict[Sector, LazyString] = {
    Sector.PUBLIC: _l("Public body"),
    Sector.PRIVATE: _l("Private company"),
    Sector.NGO: _l("NGO or foundation"),
    Sector.TREATMENT_CENTRE: _l("Treatment centre"),
}
LEVELS: dict[AgencyLevel, LazyString] = {
    AgencyLevel.NATIONAL: _l("National"),
    AgencyLevel.REGIONAL: _l("Regional"),
    AgencyLevel.COMMUNAL: _l("Communal"),
}
SCOPES: dict[Scope, LazyString] = {
    Scope.NATIONAL: _l("Available throughout Chile"),
    Scope.REGIONAL: _l("Available in some regions"),
    Scope.COMMUNAL: _l("Available in some communes"),
    Scope.LOCAL: _l("Only at its own locations"),
}
STATUSES: dict[OfferStatus, LazyString] = {
    OfferStatus.ACTIVE: _l("Active"),
    OfferStatus.INACTIVE: _l("Not currently running"),
    OfferStatus.DEFUNCT: _l("Closed for good"),
    OfferStatus.TEMPORARILY_CLOSED: _l("Temporarily closed"),
}
LOCATION_TYPES: dict[LocationType, LazyString] = {
    LocationType.PHYSICAL: _l("In person"),
    LocationType.VIRTUAL: _l("Online"),
    LocationType.POSTAL: _l("Postal address"),
}
POPULATIONS: dict[Population, LazyString] = {
    Population.GENERAL: _l("Everyone"),
    Population.PEOPLE_IN_TREATMENT: _l("People in drug treatment"),
    Population.WOMEN: _l("Women"),
    Population.MEN: _l("Men"),
    Population.YOUTH: _l("Young people"),
    Population.OLDER_ADULTS: _l("Older adults"),
    Population.MIGRANTS: _l("Migrants"),
    Population.PEOPLE_WITH_DISABILITIES: _l("People with disabilities"),
    Population.PEOPLE_WITH_CRIMINAL_RECORD: _l("People with a criminal record"),
    Population.HOMELESS: _l("People living on the street"),
    Population.PARENTS: _l("Mothers and fathers"),
    Population.INDIGENOUS: _l("Indigenous peoples"),
    Population.LGBTIQ: _l("LGBTIQ+ people"),
    Population.FAMILIES: _l("Families"),
}
ORIGINS: dict[Origin, LazyString] = {
    Origin.DEMO: _l("Demo catalogue"),
    Origin.IMPORT: _l("Imported"),
    Origin.MANUAL: _l("Entered by hand"),
}
ROLES: dict[Role, LazyString] = {
    Role.STAFF: _l("Treatment staff"),
    Role.COORDINATOR: _l("Network coordinator"),
    Role.ADMIN: _l("Administrator"),
}
AUDIT_ACTIONS: dict[AuditAction, LazyString] = {
    AuditAction.LOGIN: _l("Signed in"),
    AuditAction.LOGIN_FAILED: _l("Failed sign-in"),
    AuditAction.LOGIN_THROTTLED: _l("Sign-in refused: too many failures"),
    AuditAction.LOGIN_REFUSED: _l("Sign-in refused: account disabled"),
    AuditAction.LOGOUT: _l("Signed out"),
    AuditAction.LOGOUT_EVERYWHERE: _l("Signed out on every device"),
    AuditAction.SESSION_EXPIRED: _l("Session expired"),
    AuditAction.PASSWORD_CHANGED: _l("Password changed"),
    AuditAction.PASSWORD_RESET: _l("Password set with a link"),
    AuditAction.RESET_LINK_CREATED: _l("Password link created"),
    AuditAction.USER_CREATED: _l("Account created"),
    AuditAction.USER_UPDATED: _l("Account changed"),
    AuditAction.USER_DISABLED: _l("Account disabled"),
    AuditAction.USER_ENABLED: _l("Account enabled"),
    AuditAction.USER_UNLOCKED: _l("Account unlocked"),
    AuditAction.USER_SIGNED_OUT: _l("All sessions of an account ended"),
    AuditAction.THROTTLE_CLEARED: _l("Sign-in lock removed"),
    AuditAction.DEMO_ACCOUNTS: _l("Demo accounts created"),
    AuditAction.AGREEMENT_CREATED: _l("Agreement created"),
    AuditAction.AGREEMENT_UPDATED: _l("Agreement changed"),
    AuditAction.AGREEMENT_ACTIVATED: _l("Agreement activated"),
    AuditAction.AGREEMENT_SUSPENDED: _l("Agreement suspended"),
    AuditAction.AGREEMENT_RENEWED: _l("Agreement renewed"),
    AuditAction.AGREEMENT_ENDED: _l("Agreement ended"),
    AuditAction.TOKEN_CREATED: _l("API token created"),
    AuditAction.TOKEN_REVOKED: _l("API token revoked"),
    AuditAction.TOKEN_USED: _l("API token used on participant data"),
}
#: The kinds of record the audit log names (``target_type``); later features add theirs.
RECORD_TYPES: dict[str, LazyString] = {
    "user": _l("Account"),
    "login_throttle": _l("Sign-in lock"),
    "agreement": _l("Agreement"),
    "participant": _l("Participant"),
    "caseload": _l("Caseload"),
    "recipient_link": _l("Receiving agency's link"),
    "api_token": _l("API token"),
}
AGREEMENT_KINDS: dict[AgreementKind, LazyString] = {
    AgreementKind.PRIORITY_ACCESS: _l("Priority access"),
    AgreementKind.RESERVED_QUOTA: _l("Reserved places"),
    AgreementKind.REFERRAL_PROTOCOL: _l("Referral protocol"),
    AgreementKind.TECHNICAL_COOPERATION: _l("Technical cooperation"),
    AgreementKind.FINANCIAL_COOPERATION: _l("Financial cooperation"),
    AgreementKind.NETWORK_MEMBERSHIP: _l("Network membership"),
}
AGREEMENT_STATUSES: dict[AgreementStatus, LazyString] = {
    AgreementStatus.DRAFT: _l("Draft"),
    AgreementStatus.ACTIVE: _l("In force"),
    AgreementStatus.SUSPENDED: _l("Suspended"),
    AgreementStatus.ENDED: _l("Ended early"),
}
TOKEN_SCOPES: dict[TokenScope, LazyString] = {
    TokenScope.READ: _l("Read the directory: search, offers, agencies and matching"),
    TokenScope.CASEWORK: _l(
        "Casework: your centre's participants and referrals, and its preferential access"
    ),
    TokenScope.NETWORK: _l("Network: agreements, coverage, preferential access and evaluation"),
}
EFFECTIVE_STATUSES: dict[EffectiveStatus, LazyString] = {
    EffectiveStatus.DRAFT: _l("Draft"),
    EffectiveStatus.ACTIVE: _l("In force"),
    EffectiveStatus.SUSPENDED: _l("Suspended"),
    EffectiveStatus.ENDED: _l("Ended early"),
    EffectiveStatus.EXPIRED: _l("Expired"),
    EffectiveStatus.UPCOMING: _l("Not yet in force"),
}
PARTY_ROLES: dict[PartyRole, LazyString] = {
    PartyRole.PROVIDER: _l("Provider (grants access to its offers)"),
    PartyRole.FUNDER: _l("Funder"),
    PartyRole.REFERRER: _l("Referrer (its participants benefit)"),
    PartyRole.PARTNER: _l("Partner"),
}
PARTY_SIDES: dict[PartySide, LazyString] = {
    PartySide.GRANTING: _l("Granting side"),
    PartySide.BENEFITING: _l("Benefiting side"),
    PartySide.SUPPORTING: _l("Supporting"),
}
QUOTA_PERIODS: dict[QuotaPeriod, LazyString] = {
    QuotaPeriod.MONTH: _l("per month"),
    QuotaPeriod.QUARTER: _l("per quarter"),
    QuotaPeriod.SEMESTER: _l("per semester"),
    QuotaPeriod.YEAR: _l("per year"),
    QuotaPeriod.WHOLE_VALIDITY: _l("for the whole validity"),
}
#: An agreement's state on a day as the network graph works it out (quota included).
AGREEMENT_STATES: dict[AgreementState, LazyString] = {
    AgreementState.ACTIVE: _l("In force"),
    AgreementState.DRAFT: _l("Draft"),
    AgreementState.SUSPENDED: _l("Suspended"),
    AgreementState.ENDED: _l("Ended early"),
    AgreementState.NOT_STARTED: _l("Not yet in force"),
    AgreementState.EXPIRED: _l("Expired"),
    AgreementState.EXHAUSTED: _l("In force, places used up"),
}
#: How the network view draws an agency: its sector, or "network" when it has members.
NODE_CATEGORIES: dict[str, LazyString] = {
    **{str(k): v for k, v in SECTORS.items()},
    "network": _l("Network of agencies"),
}
#: The links of the network view: agreement kinds, and membership of a network.
LINK_KINDS: dict[str, LazyString] = {
    **{str(k): v for k, v in AGREEMENT_KINDS.items()},
    "membership": _l("Member of a network"),
}
#: The fields an agreement's history and "changed meanwhile" name (history.FIELDS, party fields).
AGREEMENT_FIELDS: dict[str, LazyString] = {
    "title_es": _l("Title (Spanish)"),
    "title_en": _l("Title (English)"),
    "description_es": _l("Description (Spanish)"),
    "description_en": _l("Description (English)"),
    "kind": _l("Kind"),
    "status": _l("Status"),
    "region_code": _l("Region"),
    "signed_on": _l("Signed on"),
    "valid_from": _l("Valid from"),
    "valid_to": _l("Valid until"),
    "quota": _l("Quota"),
    "quota_period": _l("Quota period"),
    "quota_used": _l("Quota used"),
    "document_url": _l("Document"),
    "domains": _l("Need domains covered"),
    "offer_ids": _l("Offers covered"),
    "party": _l("Party"),
    "role": _l("Role"),
    "contact_name": _l("Contact person"),
    "contact_title": _l("Contact's position"),
    "contact_phone": _l("Contact's phone"),
    "contact_email": _l("Contact's e-mail"),
}

#: Every enum-keyed table, for the completeness test.
ENUM_TABLES: tuple[tuple[type[StrEnum], Mapping[Any, LazyString]], ...] = (
    (NeedDomain, NEED_DOMAINS),
    (DomainRole, DOMAIN_ROLES),
    (OfferKind, KINDS),
    (Sector, SECTORS),
    (AgencyLevel, LEVELS),
    (Scope, SCOPES),
    (OfferStatus, STATUSES),
    (LocationType, LOCATION_TYPES),
    (Population, POPULATIONS),
    (Origin, ORIGINS),
    (Role, ROLES),
    (AuditAction, AUDIT_ACTIONS),
    (AgreementKind, AGREEMENT_KINDS),
    (AgreementStatus, AGREEMENT_STATUSES),
    (EffectiveStatus, EFFECTIVE_STATUSES),
    (PartyRole, PARTY_ROLES),
    (PartySide, PARTY_SIDES),
    (QuotaPeriod, QUOTA_PERIODS),
    (AgreementState, AGREEMENT_STATES),
    (NeedLevel, match_text.NEED_LEVELS),
    (Source, match_text.SOURCES),
    (Outcome, match_text.OUTCOMES),
    (casework.ReferralStatus, cw.REFERRAL_STATUSES),
    (casework.NegativeReason, cw.NEGATIVE_REASONS),
    (casework.Decision, cw.DECISIONS),
    (casework.ReferralOrigin, cw.ORIGINS),
    (casework.GoalStatus, cw.GOAL_STATUSES),
    (casework.ConsentMethod, cw.CONSENT_METHODS),
    (casework.ConsentPurpose, cw.CONSENT_PURPOSES),
    (casework.RevocationChannel, cw.REVOCATION_CHANNELS),
    (casework.DataCategory, cw.DATA_CATEGORIES),
    (casework.DisclosureKind, cw.DISCLOSURE_KINDS),
    (casework.Purpose, cw.PURPOSES),
    (casework.CaseworkAction, cw.CASEWORK_ACTIONS),
    (evaluation.Stage, ev.STAGES),
    (casework.WorkOutcome, ev.WORK),
    (casework.StudiesOutcome, ev.STUDIES),
    (casework.HousingOutcome, ev.HOUSING),
    (TokenScope, TOKEN_SCOPES),
)
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
#: "Shown in another language" notices, one per content language (``vocab.LANGUAGES``):
#: whole sentences, so each language's name reads right inside the other's grammar.
ONLY_AVAILABLE_IN: dict[str, LazyString] = {
    "es": _l("Only available in Spanish."),
    "en": _l("Only available in English."),
}
#: The same, said of a whole offer (its page).
OFFER_ONLY_AVAILABLE_IN: dict[str, LazyString] = {
    "es": _l("This offer is only available in Spanish."),
    "en": _l("This offer is only available in English."),
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


def label(table: Mapping[Any, LazyString], code: str | None) -> str:
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


def role_label(role: str) -> str:
    """The translated name of a role, for pages."""
    return label(ROLES, role)


def audit_action(action: str) -> str:
    if action in cw.CASEWORK_ACTIONS:
        return label(cw.CASEWORK_ACTIONS, action)
    if action in CATALOGUE_ACTIONS:  # catalogue stewardship's actions
        return label(CATALOGUE_ACTIONS, action)
    return label(AUDIT_ACTIONS, action)


def record_type(target_type: str) -> str:
    return label(RECORD_TYPES, target_type)


RECORD_TYPES.update({"offer": _l("Offer"), "agency": _l("Agency")})
