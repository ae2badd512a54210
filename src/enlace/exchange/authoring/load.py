"""Load the shipped catalogue (``directory_data/``) written in Enlace's authoring format.

The files are validated against ``schema/catalogue.schema.json`` and cross-checked
(agencies, locations, offers, communes, categories, network members) before anything is
written; the whole load is one transaction and loading twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.places import Commune
from enlace.catalogue.reference import load_reference
from enlace.catalogue.sync import SyncStats
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.catalogue.vocab import Origin
from enlace.exchange.authoring.build import AuthoringBuilder
from enlace.exchange.authoring.documents import read_documents
from enlace.exchange.authoring.network import add_membership
from enlace.exchange.builder import prune as prune_missing
from enlace.exchange.builder import write_records
from enlace.exchange.records import RecordSet


def build_catalogue(session: Session, data_dir: Path) -> RecordSet:
    """Validate the authoring files and turn them into unsaved records."""
    documents = read_documents(data_dir)
    communes = {c.code: c.region_code for c in session.exec(select(Commune))}
    categories = {t.code for t in session.exec(select(TaxonomyTerm).where(TaxonomyTerm.level == 1))}
    builder = AuthoringBuilder(communes, categories)
    for file, document in documents:
        for i, raw in enumerate(document.get("agencies", [])):
            builder.agency(file, i, raw)
    builder.resolve_parents()
    for file, document in documents:
        for i, raw in enumerate(document.get("offers", [])):
            builder.offer(file, i, raw)
    for file, document in documents:
        for i, raw in enumerate(document.get("agreements", [])):
            builder.agreement(file, i, raw)
        for i, raw in enumerate(document.get("memberships", [])):
            add_membership(builder, file, i, raw)
    builder.resolve_renewals()
    if builder.problems:
        raise CatalogueDataError(builder.problems)
    return builder.result


def load_shipped(session: Session, data_dir: Path, *, prune: bool = False) -> SyncStats:
    """Load reference tables and the shipped catalogue in the caller's transaction."""
    with session.no_autoflush:
        return _load(session, data_dir, prune)


def _load(session: Session, data_dir: Path, prune: bool) -> SyncStats:
    stats = load_reference(session, data_dir)
    records = build_catalogue(session, data_dir)
    write_records(session, records, stats)
    if prune:
        prune_missing(session, records, Origin.DEMO, stats)
    return stats
