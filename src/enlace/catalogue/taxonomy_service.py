"""Reading the taxonomy: need domains with their categories, in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from enlace.catalogue.taxonomy import TaxonomyTerm


@dataclass
class DomainView:
    term: TaxonomyTerm
    categories: list[TaxonomyTerm] = field(default_factory=list)


def need_domains(session: Session) -> list[DomainView]:
    terms = session.exec(
        select(TaxonomyTerm).order_by(col(TaxonomyTerm.level), col(TaxonomyTerm.position))
    ).all()
    domains = {t.code: DomainView(t) for t in terms if t.level == 0}
    for term in terms:
        if term.level == 1 and term.domain in domains:
            domains[term.domain].categories.append(term)
    return list(domains.values())


def terms_by_code(session: Session) -> dict[str, TaxonomyTerm]:
    """Every taxonomy term by code (a few dozen rows), for labelling domains and categories."""
    return {t.code: t for t in session.exec(select(TaxonomyTerm))}
