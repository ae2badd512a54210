"""Property tests: more active agreements never take access away; ending one never
gives access."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from enlace.network.graph import preferential_access
from enlace.network.plain import AgreementEdge
from tests.unit.network.networks import AGENCIES, ON, agreement, network

AGENCY_IDS = [a.id for a in AGENCIES]
CENTRES = ["ct-a", "ct-b", "ct-s"]
OFFER_IDS = ["omil", "muni-casa", "curso", "beca", "hogar"]
DOMAINS = ["employment", "training", "housing", "income"]


@st.composite
def agreements(draw: st.DrawFn, prefix: str = "g") -> AgreementEdge:
    n = draw(st.integers(0, 10_000))
    quota = draw(st.none() | st.integers(1, 5))
    return agreement(
        f"{prefix}{n}",
        draw(st.sampled_from(AGENCY_IDS)),
        draw(st.sampled_from(AGENCY_IDS)),
        domains=tuple(draw(st.lists(st.sampled_from(DOMAINS), max_size=2))),
        offers=tuple(draw(st.lists(st.sampled_from(OFFER_IDS), max_size=2))),
        status=draw(st.sampled_from(["active", "active", "draft", "suspended"])),
        region_code=draw(st.none() | st.sampled_from(["5", "13"])),
        quota=quota,
        quota_used=draw(st.integers(0, quota)) if quota else 0,
        valid_to=draw(st.sampled_from([date(2026, 5, 31), date(2026, 6, 1), date(2027, 1, 1)])),
    )


def _reached(edges: list[AgreementEdge], centre: str) -> set[str]:
    """The offers the centre reaches with priority."""
    access = preferential_access(network(*edges), centre, OFFER_IDS, ON)
    return {offer for offer, a in access.items() if a.priority}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(agreements(), max_size=8, unique_by=lambda a: a.id),
    agreements("new"),
    st.sampled_from(CENTRES),
)
def test_adding_an_active_agreement_never_removes_access(
    edges: list[AgreementEdge], extra: AgreementEdge, centre: str
) -> None:
    added = replace(extra, status="active")
    assert _reached(edges, centre) <= _reached([*edges, added], centre)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(agreements(), min_size=1, max_size=8, unique_by=lambda a: a.id),
    st.data(),
    st.sampled_from(CENTRES),
)
def test_ending_an_agreement_never_adds_access(
    edges: list[AgreementEdge], data: st.DataObject, centre: str
) -> None:
    index = data.draw(st.integers(0, len(edges) - 1))
    ended = [*edges]
    ended[index] = replace(edges[index], status="ended")
    assert _reached(ended, centre) <= _reached(edges, centre)
