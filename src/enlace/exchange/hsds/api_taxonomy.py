"""Taxonomies and taxonomy terms for the HSDS read API (Enlace publishes one taxonomy:
its need domains and their categories), filtered in memory: they are few."""

from __future__ import annotations

from sqlmodel import Session

from enlace.catalogue.reference import read_taxonomy
from enlace.exchange.hsds import nest, serialise_offer
from enlace.exchange.hsds.api_read import Page, cached_reference, terms
from enlace.exchange.hsds.nest import Record
from enlace.paths import DIRECTORY_DATA_DIR


def taxonomies(session: Session) -> list[Record]:
    """The taxonomies published (Enlace's one, once the catalogue has terms)."""
    ref = cached_reference(session)
    header, _ = read_taxonomy(DIRECTORY_DATA_DIR)
    return serialise_offer.taxonomy(header, ref.terms).get("taxonomies", [])


def taxonomy_terms(
    session: Session,
    *,
    search: str | None = None,
    in_taxonomy: str | None = None,
    parent_id: str | None = None,
    top_only: bool = False,
) -> list[Record]:
    """Taxonomy terms, in id order, each with its taxonomy's details; filters combine."""
    ref = cached_reference(session)
    found = taxonomies(session)
    detail = found[0] if found else None
    words = [w.casefold() for w in (search or "").split()]
    out = []
    for term in terms(ref):
        if in_taxonomy is not None and term.get("taxonomy_id") != in_taxonomy:
            continue
        if parent_id is not None and term.get("parent_id") != parent_id:
            continue
        if top_only and "parent_id" in term:
            continue
        text = " ".join(str(term.get(k, "")) for k in ("name", "code", "description")).casefold()
        if not all(w in text for w in words):
            continue
        out.append(nest.taxonomy_term(term, detail))
    return out


def page_of(records: list[Record], page: int, per_page: int) -> Page:
    """A page of a list already in memory (taxonomies, terms)."""
    start = (page - 1) * per_page
    return Page(records[start : start + per_page], len(records), page, per_page)
