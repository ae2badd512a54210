"""HSDS 3.0 exchange: export the catalogue, validate it, import other directories.

The Enlace profile (``enlace_`` properties and the ``enlace_agreements`` table) is
documented in docs/hsds-profile.md.
"""

from enlace.exchange.hsds.export import export_dataset, offers_dataset
from enlace.exchange.hsds.importer import ImportReport, import_dataset
from enlace.exchange.hsds.output import write_json, write_tabular, zip_files
from enlace.exchange.hsds.reader import read_dataset
from enlace.exchange.hsds.resolve import DuplicateFinding
from enlace.exchange.hsds.schema import HsdsValidator, SchemaUnavailableError, schema_dir

__all__ = [
    "DuplicateFinding",
    "HsdsValidator",
    "ImportReport",
    "SchemaUnavailableError",
    "export_dataset",
    "import_dataset",
    "offers_dataset",
    "read_dataset",
    "schema_dir",
    "write_json",
    "write_tabular",
    "zip_files",
]
