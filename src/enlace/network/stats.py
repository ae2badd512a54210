"""Counts of the partner network, and the directory's counts with them (home page,
``enlace status``, ``enlace load``).

The catalogue cannot count agreements without importing the network, so the network
counts them and combines its count with :func:`enlace.catalogue.stats.catalogue_counts`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import func
from sqlmodel import Session, select

from enlace.catalogue.stats import CatalogueCounts, catalogue_counts, count_of
from enlace.network.models import Agreement


@dataclass(frozen=True)
class DirectoryCounts(CatalogueCounts):
    """The catalogue's counts plus the agreements between its agencies."""

    agreements: int


def agreement_count(session: Session) -> int:
    """How many agreements are stored, whatever their status."""
    return count_of(session, select(func.count()).select_from(Agreement))


def with_agreements(session: Session, counts: CatalogueCounts) -> DirectoryCounts:
    """The catalogue's counts (often cached per revision) plus the agreement count."""
    values = {f.name: getattr(counts, f.name) for f in fields(counts)}
    return DirectoryCounts(**values, agreements=agreement_count(session))


def directory_counts(session: Session) -> DirectoryCounts:
    """Everything the home page and ``enlace status`` show, agreements included."""
    return with_agreements(session, catalogue_counts(session))
