"""The coordinators' view of casework: counts only, never an individual.

How many participants have an unmet high need, per region x need domain, from each
participant's latest assessment, with small cells hidden (:mod:`.suppression`). The
network's coverage matrix (its heatmap measure, table, CSV and API) joins on
:meth:`UnmetHighNeed.cell` by (region, domain) of :func:`coverage_unmet`;
nothing here takes an actor, because nothing here names a person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from enlace.casework.models import Assessment, Participant
from enlace.casework.suppression import THRESHOLD, Suppressed, suppress
from enlace.catalogue import read as catalogue_read
from enlace.catalogue.vocab import NeedDomain


@dataclass(frozen=True, slots=True)
class UnmetHighNeed:
    regions: tuple[str, ...]
    domains: tuple[str, ...]
    table: Suppressed

    def cell(self, region: str, domain: str) -> int | None:
        """The published count (None: hidden; 0 for a region or domain not in the table)."""
        if region not in self.regions or domain not in self.domains:
            return 0
        return self.table.cells[self.regions.index(region)][self.domains.index(domain)]


def count_unmet_high(session: Session) -> Counter[tuple[str, str]]:
    """(region, domain) -> participants whose latest assessment has that need high and unmet."""
    latest = (
        select_columns(func.max(col(Assessment.id)).label("id"))
        .group_by(col(Assessment.participant_id))
        .subquery()
    )
    rows = session.execute(
        select_columns(col(Participant.region_code), col(Assessment.high_unmet))
        .join(Assessment, col(Assessment.participant_id) == col(Participant.id))
        .join(latest, latest.c.id == col(Assessment.id))
    )
    counts: Counter[tuple[str, str]] = Counter()
    for region, domains in rows:
        for domain in set(domains or ()):
            counts[(region or "", domain)] += 1
    return counts


def unmet_high_need(
    session: Session,
    regions: Sequence[str],
    domains: Sequence[str],
    threshold: int = THRESHOLD,
) -> UnmetHighNeed:
    counts = count_unmet_high(session)
    table = [[counts.get((r, d), 0) for d in domains] for r in regions]
    return UnmetHighNeed(tuple(regions), tuple(domains), suppress(table, threshold))


def coverage_unmet(session: Session) -> UnmetHighNeed:
    """The counts the network coverage matrix publishes (page, heatmap, CSV, API): every
    region of the country by every need domain, suppressed once, so each view hides the
    same cells (a region's and the national one) and none can be combined to recover one."""
    every = [r.code for r in catalogue_read.regions(session)]
    return unmet_high_need(session, every, [d.value for d in NeedDomain])
