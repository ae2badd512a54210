"""Problems in the partner network's data (pure), for ``enlace network check``.

Each check names the record and says what is wrong in plain words; the command lists
them and exits non-zero on any, so a broken agreement cannot ship unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from enlace.network.plain import AgencyNode, AgreementEdge, Membership

TREATMENT_CENTRE = "treatment_centre"


@dataclass(frozen=True)
class NetworkProblem:
    """One problem: which check, which record (slug or id), what is wrong."""

    check: str
    record: str
    message: str


def _label(agreement: AgreementEdge) -> str:
    return agreement.slug or agreement.id


def check_agreements(
    agreements: Iterable[AgreementEdge],
    agencies: Mapping[str, AgencyNode],
    offer_agency: Mapping[str, str],
    today: date,
) -> list[NetworkProblem]:
    """Agreements active past their end, quota over, unknown parties, offers that no
    granting party provides (``offer_agency``: every offer's agency, inactive ones too)."""
    problems: list[NetworkProblem] = []
    for a in agreements:
        label = _label(a)
        if a.status == "active" and a.valid_to is not None and a.valid_to < today:
            problems.append(
                NetworkProblem(
                    "active_past_end",
                    label,
                    f"status is active but the validity ended on {a.valid_to.isoformat()}",
                )
            )
        if a.quota is not None and a.quota_used > a.quota:
            problems.append(
                NetworkProblem("quota_over", label, f"{a.quota_used} used of a quota of {a.quota}")
            )
        for party in a.parties:
            if party.agency_id not in agencies:
                problems.append(
                    NetworkProblem(
                        "party_not_agency", label, f"party {party.agency_id} is no agency"
                    )
                )
        granting = set(a.granting)
        for offer_id in sorted(a.offer_ids):
            provider = offer_agency.get(offer_id)
            if provider is None:
                problems.append(NetworkProblem("unknown_offer", label, f"offer {offer_id} unknown"))
            elif provider not in granting:
                problems.append(
                    NetworkProblem(
                        "offer_not_granted",
                        label,
                        f"offer {offer_id} is provided by {provider}, "
                        "which is not a granting party",
                    )
                )
    return problems


def check_memberships(
    memberships: Iterable[Membership], agencies: Mapping[str, AgencyNode]
) -> list[NetworkProblem]:
    """Members must be treatment centres, networks agencies, and dates in order."""
    problems: list[NetworkProblem] = []
    for m in memberships:
        label = f"{m.network_id} > {m.member_id}"
        member = agencies.get(m.member_id)
        if m.network_id not in agencies:
            problems.append(NetworkProblem("network_not_agency", label, "the network is no agency"))
        if member is None:
            problems.append(NetworkProblem("member_not_agency", label, "the member is no agency"))
        elif member.sector != TREATMENT_CENTRE:
            problems.append(
                NetworkProblem(
                    "member_not_centre", label, f"the member is a {member.sector} agency"
                )
            )
        if m.network_id == m.member_id:
            problems.append(NetworkProblem("member_of_itself", label, "member of itself"))
        if m.since and m.until and m.until < m.since:
            problems.append(NetworkProblem("membership_dates", label, "ends before it starts"))
    return problems
