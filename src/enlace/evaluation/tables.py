"""The dashboard's tables from plain rows (pure): funnels, answer times, need changes,
outcomes. Each function ends in :func:`.publish.publish`; none returns a raw count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum

from enlace.evaluation.publish import Rate, Table, figure, publish


class Stage(StrEnum):
    """How far a participant (or a referral) got; each stage includes the later ones."""

    ASSESSED = "assessed"
    PLANNED = "planned"
    REFERRED = "referred"
    ACCEPTED = "accepted"
    IN_SERVICE = "in_service"
    COMPLETED = "completed"


PERSON_STAGES: tuple[str, ...] = tuple(s.value for s in Stage)
REFERRAL_STAGES: tuple[str, ...] = PERSON_STAGES[2:]


FUNNEL_RATES = (
    Rate("accepted_share", Stage.ACCEPTED.value, Stage.REFERRED.value),
    Rate("completed_share", Stage.COMPLETED.value, Stage.REFERRED.value),
)


def funnel(
    key: str,
    reached: Iterable[tuple[str, int, int]],
    groups: Sequence[str],
    threshold: int,
    stages: Sequence[str] = PERSON_STAGES,
) -> Table:
    """(group, index of the last stage reached in :class:`Stage`, how many) -> how many
    reached each stage, per group (a row's total means nothing: not shown)."""
    offset = PERSON_STAGES.index(stages[0])
    counts: Counter[tuple[str, str]] = Counter()
    for group, reach, n in reached:
        for index in range(offset, reach + 1):
            counts[(group, PERSON_STAGES[index])] += n
    return publish(
        key, groups, stages, counts, threshold, show_row_totals=False, rates=FUNNEL_RATES
    )


def median_of(histogram: Mapping[int, int]) -> float | None:
    """The median of whole days given as day -> how many."""
    total = sum(histogram.values())
    if total == 0:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:
        seen = 0
        for day, count in ordered:
            seen += count
            if seen > n:
                return day
        return ordered[-1][0]

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


LOOP_COLUMNS = ("sent", "within_7", "within_30", "answered", "no_answer")
LOOP_RATES = (
    Rate("within_7_share", "within_7", "sent"),
    Rate("within_30_share", "within_30", "sent"),
    Rate("no_answer_share", "no_answer", "sent"),
)


def closing_the_loop(
    per_group: Mapping[str, Mapping[int | None, int]],
    groups: Sequence[str],
    to_service: Mapping[int, int],
    threshold: int,
    key: str = "loop",
) -> Table:
    """group -> (days to the answer, None: no answer yet) -> referrals; with the medians
    of days to the answer and to service over the whole table."""
    counts: Counter[tuple[str, str]] = Counter()
    answered: Counter[int] = Counter()
    for group in groups:
        for days, n in per_group.get(group, {}).items():
            counts[(group, "sent")] += n
            if days is None:
                counts[(group, "no_answer")] += n
                continue
            answered[days] += n
            counts[(group, "answered")] += n
            if days <= 7:
                counts[(group, "within_7")] += n
            if days <= 30:
                counts[(group, "within_30")] += n
    figures = (
        figure("median_days_to_answer", median_of(answered), sum(answered.values()), threshold),
        figure(
            "median_days_to_service", median_of(to_service), sum(to_service.values()), threshold
        ),
    )
    return publish(
        key,
        groups,
        LOOP_COLUMNS,
        counts,
        threshold,
        show_row_totals=False,
        rates=LOOP_RATES,
        figures=figures,
    )


CHANGE_COLUMNS = ("better", "same", "worse")
_LEVEL_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}


def need_change(
    pairs: Iterable[tuple[Mapping[str, str], Mapping[str, str]]],
    domains: Sequence[str],
    threshold: int,
) -> Table:
    """(first levels, latest levels) per participant with two assessments or more ->
    per domain, how many needs went down (better), stayed, went up; unknown levels skip."""
    counts: Counter[tuple[str, str]] = Counter()
    for first, latest in pairs:
        for domain in domains:
            before, after = (
                _LEVEL_ORDER.get(first.get(domain, "")),
                _LEVEL_ORDER.get(latest.get(domain, "")),
            )
            if before is None or after is None:
                continue
            column = "better" if after < before else "worse" if after > before else "same"
            counts[(domain, column)] += 1
    return publish("need_change", domains, CHANGE_COLUMNS, counts, threshold)


#: (first age past the band, band): the last band has no end.
AGE_LIMITS: tuple[tuple[int | None, str], ...] = (
    (25, "under_25"),
    (35, "25_34"),
    (45, "35_44"),
    (55, "45_54"),
    (None, "55_plus"),
)
AGE_BANDS: tuple[str, ...] = tuple(band for _limit, band in AGE_LIMITS)


def age_band(age: int) -> str:
    for limit, band in AGE_LIMITS:
        if limit is None or age < limit:
            return band
    return AGE_BANDS[-1]
