"""The search engine on Whoosh: everything that knows Whoosh's internals lives here.

The rest of :mod:`enlace.search` (parameters, the pure query builder, analysis, synonyms,
suggestions, the service) and every caller outside search use only what this package
exports, chiefly :class:`SearchIndex`. Inside: the patches to Whoosh (:mod:`.patches`,
applied when an index is opened or created, never on import), posting arrays
(:mod:`.postings`), document-set bitmaps (:mod:`.docsets`), vectorised BM25F
(:mod:`.scoring`), sort columns (:mod:`.sorting`), the warm searcher (:mod:`.searcher`),
the (parallel) writers (:mod:`.build`) and the folder, its lock and background builds.
whoosh-reloaded is pinned exactly in ``pyproject.toml`` because of these internals;
``tests/unit/search/test_fence.py`` keeps them from leaking out of this package.
"""

from enlace.search.engine.build import Progress, build_index
from enlace.search.engine.index import PARALLEL_ABOVE, SYNC_BUILD_LIMIT, SearchIndex
from enlace.search.engine.reports import BuildReport, IndexStatus, SyncReport

__all__ = [
    "PARALLEL_ABOVE",
    "SYNC_BUILD_LIMIT",
    "BuildReport",
    "IndexStatus",
    "Progress",
    "SearchIndex",
    "SyncReport",
    "build_index",
]
