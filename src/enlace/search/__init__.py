"""Full-text search of the catalogue (Whoosh): Spanish and English, typo tolerant, with
synonyms, filters and facets, always caught up with the database's catalogue revision.

Entry points: :func:`init_app` (wiring), :func:`search` and :func:`autocomplete` (what
the web layer calls), :class:`SearchParams` / :class:`SearchResults` (plain data), and
:class:`SearchIndex` (the index handle; everything Whoosh-specific sits behind it, in
:mod:`enlace.search.engine`).
"""

from enlace.search.engine import IndexStatus, SearchIndex
from enlace.search.params import Completion, SearchParams, SearchResults
from enlace.search.service import autocomplete, get_index, init_app, search

__all__ = [
    "Completion",
    "IndexStatus",
    "SearchIndex",
    "SearchParams",
    "SearchResults",
    "autocomplete",
    "get_index",
    "init_app",
    "search",
]
