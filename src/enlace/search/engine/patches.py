"""Corrections and speed-ups to whoosh-reloaded 2.7.5, applied by :func:`apply`.

Nothing here changes Whoosh on import: :class:`~enlace.search.engine.index.SearchIndex`
and the build functions call :func:`apply` when they open or create an index (and every
parallel build worker calls it in its own interpreter), so importing ``enlace.search``
leaves Whoosh as it is. :func:`apply` is idempotent and thread-safe.

Whoosh spends most of a full build on Python work it repeats per posting: generator
layers per token, a tuple and a method call per posting, sorting every posting, spilling
them to disk past its memory limit, and reading each posting's document length back
from disk. Each replacement below writes exactly the files Whoosh writes (the tests
compare them byte for byte) and falls back to the original outside the cases it covers.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import formats, writing
from whoosh.codec import base, whoosh3
from whoosh.fields import FieldType
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length

_MISSING = object()
#: Field length of each length byte, 0 for "no length" (Whoosh reads None; both falsy).
_BYTE_LENGTHS = [0] + [byte_to_length(b) for b in range(1, 256)]
#: Rough memory of one buffered posting and of one new term in :class:`CompactPool`.
POSTING_BYTES = 24
TERM_BYTES = 400

_Postings = tuple["array[int]", "array[float]", list[Any]]


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    """``W3PerDocReader._cached_reader`` remembering "no column" too.

    Whoosh caches a field-lengths column reader only when the column exists; for fields
    without lengths (unscored keyword and word fields) it asked the file system again for
    every posting written: hundreds of thousands of ``stat`` calls in a 100,000-offer
    build. A finished segment's columns never change, so the answer can be kept.
    """
    readers = self._readers
    reader = readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
    return reader


class SortedPostings:
    """The postings of a :class:`CompactPool`, term by term in Whoosh's order.

    Iterating gives Whoosh's ``(fieldname, btext, docnum, weight, value)`` tuples; the
    patched ``add_postings`` reads :meth:`fields` instead, a term at a time.
    """

    def __init__(self, terms: dict[str, dict[bytes, _Postings]], unsorted: bool) -> None:
        self._terms = terms
        self._unsorted = unsorted

    def fields(self) -> Iterator[tuple[str, Iterator[tuple[bytes, Any]]]]:
        for fieldname in sorted(self._terms):
            yield fieldname, self._field_terms(self._terms[fieldname])

    def _field_terms(self, terms: dict[bytes, _Postings]) -> Iterator[tuple[bytes, Any]]:
        for btext in sorted(terms):
            docnums, weights, values = terms[btext]
            rows = zip(docnums, weights, values, strict=True)
            yield btext, sorted(rows, key=_row_key) if self._unsorted else rows

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, Any]]:
        for fieldname, terms in self.fields():
            for btext, rows in terms:
                for docnum, weight, value in rows:
                    yield fieldname, btext, docnum, weight, value


def _row_key(row: tuple[int, float, Any]) -> tuple[int, float, bytes]:
    return row[0], row[1], row[2] or b""


class CompactPool(writing.PostingPool):  # type: ignore[misc]
    """Whoosh's posting pool, buffering postings per term in arrays.

    Whoosh keeps every posting as a tuple (~170 bytes by its own estimate, about 15,000
    offers in 256 MB) and sorts them all at the end; past ``limitmb`` it writes sorted
    runs to disk one marshalled tuple at a time and merges them back with a heap, which
    doubled the time of a 100,000-offer build. Per-term arrays take ~24 bytes a posting
    and only the distinct terms need sorting. Documents arrive in docnum order, so each
    term's postings already are; anything else is sorted at the end. Past ``limitmb``
    this pool still spills runs to disk as Whoosh does.
    """

    runs: list[str]  # spilled run files, as in Whoosh's pool

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._terms: dict[str, dict[bytes, _Postings]] = {}
        self._values: dict[bytes, bytes] = {}  # one object per small value (frequencies)
        self._unsorted = False
        self._lastdoc = -1

    def add(self, item: tuple[str, bytes, int, float, Any]) -> None:
        fieldname, btext, docnum, weight, value = item
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        postings = terms.get(btext)
        if postings is None:
            postings = terms[btext] = (array("i"), array("d"), [])
            self.currentsize += TERM_BYTES + len(btext)
        elif docnum <= postings[0][-1]:
            self._unsorted = True
        self._lastdoc = max(self._lastdoc, docnum)
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(self._values.setdefault(value, value) if value else value)
        self.currentsize += POSTING_BYTES
        if self.currentsize > self.limit:
            self.save()

    def add_field(
        self, fieldname: str, docnum: int, items: Iterable[Any], boost: float, scorable: bool
    ) -> int:
        """One document's postings in one field: Whoosh's ``add_document`` loop without
        a tuple and a call per posting. Returns the field length when ``scorable``."""
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        if docnum < self._lastdoc:
            self._unsorted = True
        self._lastdoc = docnum
        interned = self._values
        length = size = 0
        for btext, freq, weight, value in items:
            if scorable:
                length += freq
            postings = terms.get(btext)
            if postings is None:
                postings = terms[btext] = (array("i"), array("d"), [])
                size += TERM_BYTES + len(btext)
            postings[0].append(docnum)
            postings[1].append(weight * boost)
            postings[2].append(interned.setdefault(value, value) if value else value)
            size += POSTING_BYTES
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length

    def _take(self) -> SortedPostings:
        postings = SortedPostings(self._terms, self._unsorted)
        self._terms, self._values, self._unsorted = {}, {}, False
        self._lastdoc = -1
        self.currentsize = 0
        return postings

    def save(self) -> None:
        if self._terms:
            path, handle = self._new_run()
            self._write_run(handle, iter(self._take()))
            self._add_run(path)

    def items(self, maxfiles: int = 128) -> Any:
        if not self.runs:
            return self._take()
        self.save()
        if maxfiles < len(self.runs):
            self.reduce_to(maxfiles, maxfiles)
        runs, self.runs = self.runs, []
        return self._merge_runs(runs)


_ORIGINAL_ADD_POSTINGS = base.FieldWriter.add_postings


def _length_table(lengths: Any, fieldname: str) -> list[int] | None:
    """Each document's length in ``fieldname`` (None: the field keeps no lengths)."""
    if lengths is None:
        return None
    reader = lengths._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    if reader is None:
        return None
    return [_BYTE_LENGTHS[b] for b in reader.load()]


def _add_postings(self: Any, schema: Any, lengths: Any, items: Any) -> None:
    """``W3FieldWriter.add_postings`` fed term by term from a :class:`CompactPool`.

    Whoosh reads each posting's document length back through three method calls and a
    file read, and checks order and types per posting; here a field's lengths are read
    once and each posting costs one call. Other sources go the original way.
    """
    if not isinstance(items, SortedPostings) or not (
        lengths is None or isinstance(lengths, whoosh3.W3PerDocReader)
    ):
        _ORIGINAL_ADD_POSTINGS(self, schema, lengths, items)
        return
    for fieldname, terms in items.fields():
        self.start_field(fieldname, schema[fieldname])
        table = _length_table(lengths, fieldname)
        add = self._postwriter.add_posting
        for btext, rows in terms:
            self.start_term(btext)
            for docnum, weight, value in rows:
                length = table[docnum] if table is not None else 0
                add(docnum, weight, b"" if value is None else value, length)
            self.finish_term()
        self.finish_field()


_ORIGINAL_ADD_POSTING = whoosh3.W3PostingsWriter.add_posting


def _add_posting(
    self: Any, id_: Any, weight: float, vbytes: bytes, length: int | None = None
) -> None:
    """``W3PostingsWriter.add_posting`` without its per-posting type assertions (the
    pool and the field writer above only pass ints, floats and bytes)."""
    if len(self._ids) >= self._blocklimit:
        self._write_block()
    self._ids.append(id_)
    self._weights.append(weight)
    if weight > self._maxweight:  # noqa: PLR1730 (as Whoosh does, without a max() call)
        self._maxweight = weight
    if vbytes:
        self._values.append(vbytes)
    if length:
        minlength = self._minlength
        if minlength is None or length < minlength:
            self._minlength = length
        if length > self._maxlength:  # noqa: PLR1730
            self._maxlength = length


_ORIGINAL_INDEX = FieldType.index


def _index(self: Any, value: Any, **kwargs: Any) -> Any:
    """``FieldType.index`` of a string in a Frequency or Existence field in one loop.

    Whoosh passes every token through four nested generators (analyzer, ``unstopped``,
    ``word_values``, ``index``); this counts the same terms with the same weights and
    encodings directly. Other formats and values go the original way.
    """
    kind = type(self.format)
    if not isinstance(value, str) or kind not in (formats.Frequency, formats.Existence):
        return _ORIGINAL_INDEX(self, value, **kwargs)
    kwargs.setdefault("mode", "index")
    boost = self.format.field_boost
    if kind is formats.Existence:
        words = {t.text for t in self.analyzer(value, **kwargs) if not t.stopped}
        return [(w.encode("utf-8"), 1, boost, b"") for w in words]
    kwargs["boosts"] = True
    freqs: dict[str, int] = {}
    weights: dict[str, float] = {}
    for token in self.analyzer(value, **kwargs):
        if not token.stopped:
            text = token.text
            freqs[text] = freqs.get(text, 0) + 1
            weights[text] = weights.get(text, 0.0) + token.boost
    return [(w.encode("utf-8"), n, weights[w] * boost, pack_uint(n)) for w, n in freqs.items()]


_ORIGINAL_ADD_DOCUMENT = writing.SegmentWriter.add_document


def _plain(writer: Any) -> bool:
    """The pool is a :class:`CompactPool` and the schema has no spelling side-fields
    and no term vectors (what ``_add_document`` leaves out). Computed once per writer."""
    plain: bool | None = writer.__dict__.get("_enlace_plain")
    if plain is None:
        fields = [field for _name, field in writer.schema.items()]
        plain = isinstance(writer.pool, CompactPool) and not any(
            f.separate_spelling() or f.vector for f in fields
        )
        writer._enlace_plain = plain
    return plain


def _add_document(self: Any, **fields: Any) -> None:
    """``SegmentWriter.add_document`` handing each field's postings to the pool at once
    (:meth:`CompactPool.add_field`); otherwise Whoosh's, for schemas without spelling
    side-fields or term vectors (others take the original)."""
    if not _plain(self):
        _ORIGINAL_ADD_DOCUMENT(self, **fields)
        return
    pool = self.pool
    self._check_state()
    perdocwriter = self.perdocwriter
    schema = self.schema
    docnum = self.docnum
    docboost = self._doc_boost(fields)
    fieldnames = sorted([name for name in fields if not name.startswith("_")])
    self._check_fields(schema, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                boost = self._field_boost(fields, fieldname, docboost)
                items = field.index(value)
                length = pool.add_field(fieldname, docnum, items, boost, field.scorable)
            customval = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    self._added = True
    self.docnum += 1


_APPLY_LOCK = threading.Lock()


def apply() -> None:
    """Install the replacements in Whoosh, once per process (later calls do nothing)."""
    with _APPLY_LOCK:
        if applied():
            return
        whoosh3.W3PerDocReader._cached_reader = _cached_reader
        writing.PostingPool = CompactPool
        writing.SegmentWriter.add_document = _add_document
        FieldType.index = _index
        whoosh3.W3FieldWriter.add_postings = _add_postings
        whoosh3.W3PostingsWriter.add_posting = _add_posting


def applied() -> bool:
    """Whether Whoosh is patched in this process (it is exactly when every method is ours)."""
    return (
        writing.PostingPool is CompactPool
        and writing.SegmentWriter.add_document is _add_document
        and FieldType.index is _index
        and whoosh3.W3FieldWriter.add_postings is _add_postings
        and whoosh3.W3PostingsWriter.add_posting is _add_posting
        and whoosh3.W3PerDocReader._cached_reader is _cached_reader
    )
