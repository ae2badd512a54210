"""Full-text search of the catalogue (Whoosh): Spanish and English, typo tolerant, with
synonyms, filters and facets, always caught up with the database's catalogue revision.

Entry points: :func:`init_app` (wiring), :func:`search` and :func:`autocomplete` (what
the web layer calls), :class:`SearchParams` / :class:`SearchResults` (plain data).
"""

from enlace.search.index import SearchIndex
from enlace.search.params import Completion, SearchParams, SearchResults
from enlace.search.service import autocomplete, get_index, init_app, search

__all__ = [
    "Completion",
    "SearchIndex",
    "SearchParams",
    "SearchResults",
    "autocomplete",
    "get_index",
    "init_app",
    "search",
]
