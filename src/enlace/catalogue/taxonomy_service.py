"""Reading the taxonomy: need domains with their categories, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from enlace.catalogue.taxonomy import TaxonomyTerm


@dataclass
class DomainView:
    term: TaxonomyTerm
    categories: list[TaxonomyTerm] = field(default_factory=list)


def ordered_terms(session: Session) -> list[TaxonomyTerm]:
    """Every term, domains before categories, each level in its position."""
    return list(
        session.exec(
            select(TaxonomyTerm).order_by(col(TaxonomyTerm.level), col(TaxonomyTerm.position))
        ).all()
    )


def group_domains(terms: Sequence[TaxonomyTerm]) -> list[DomainView]:
    """The need domains of ``terms`` (ordered as by :func:`ordered_terms`) with their categories."""
    domains = {t.code: DomainView(t) for t in terms if t.level == 0}
    for term in terms:
        if term.level == 1 and term.domain in domains:
            domains[term.domain].categories.append(term)
    return list(domains.values())


def need_domains(session: Session) -> list[DomainView]:
    return group_domains(ordered_terms(session))


def terms_by_code(session: Session) -> dict[str, TaxonomyTerm]:
    """Every taxonomy term by code (a few dozen rows), for labelling domains and categories."""
    return {t.code: t for t in session.exec(select(TaxonomyTerm))}
