"""The shipped authoring format (``directory_data/``, documented in its README and schema)."""

from enlace.exchange.authoring.build import AuthoringBuilder
from enlace.exchange.authoring.documents import read_documents
from enlace.exchange.authoring.load import build_catalogue, load_shipped

__all__ = ["AuthoringBuilder", "build_catalogue", "load_shipped", "read_documents"]
