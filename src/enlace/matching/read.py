"""Read what matching needs of the catalogue: a few set-based queries, columns only.

Active offers with their need domains, areas and eligibility rules, as the plain
:class:`~enlace.matching.index.OfferRow` the columnar index is compiled from.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from enlace.catalogue.models import Agency, EligibilityRule, Offer, OfferArea, OfferDomain
from enlace.catalogue.vocab import OfferStatus
from enlace.matching.eligibility import OfferTerms
from enlace.matching.index import OfferRow
from enlace.matching.rules import Rule


def read_offer_rows(session: Session) -> list[OfferRow]:
    """Every active offer as matching sees it."""
    active = col(Offer.status) == OfferStatus.ACTIVE.value
    domains: dict[str, dict[str, str]] = defaultdict(dict)
    for offer_id, domain, role in session.execute(
        select_columns(col(OfferDomain.offer_id), col(OfferDomain.domain), col(OfferDomain.role))
    ):
        domains[offer_id][domain] = role
    regions: dict[str, list[str]] = defaultdict(list)
    communes: dict[str, list[str]] = defaultdict(list)
    for offer_id, region, commune in session.execute(
        select_columns(
            col(OfferArea.offer_id), col(OfferArea.region_code), col(OfferArea.commune_code)
        ).order_by(col(OfferArea.offer_id), col(OfferArea.position))
    ):
        regions[offer_id].append(region)
        if commune:
            communes[offer_id].append(commune)
    rules: dict[str, list[Rule]] = defaultdict(list)
    for offer_id, attribute, operator, value, group in session.execute(
        select_columns(
            col(EligibilityRule.offer_id),
            col(EligibilityRule.attribute),
            col(EligibilityRule.operator),
            col(EligibilityRule.value),
            col(EligibilityRule.group),
        ).order_by(col(EligibilityRule.offer_id), col(EligibilityRule.position))
    ):
        rules[offer_id].append(Rule(attribute, operator, value, group))
    rows = []
    agencies = {
        agency_id: (name_es, name_en)
        for agency_id, name_es, name_en in session.execute(
            select_columns(col(Agency.id), col(Agency.name_es), col(Agency.name_en))
        )
    }
    for offer_id, slug, name_es, name_en, agency_id, scope, assured, is_free in session.execute(
        select_columns(
            col(Offer.id),
            col(Offer.slug),
            col(Offer.name_es),
            col(Offer.name_en),
            col(Offer.agency_id),
            col(Offer.scope),
            col(Offer.assured_date),
            col(Offer.is_free),
        ).where(active)
    ):
        agency_es, agency_en = agencies.get(agency_id, ("", None))
        terms = OfferTerms(
            offer_id,
            tuple(rules.get(offer_id, ())),
            scope,
            tuple(dict.fromkeys(regions.get(offer_id, ()))),
            tuple(communes.get(offer_id, ())),
        )
        rows.append(
            OfferRow(
                terms,
                slug,
                name_es,
                name_en,
                agency_id,
                domains.get(offer_id, {}),
                assured,
                is_free,
                agency_es,
                agency_en,
            )
        )
    return rows
