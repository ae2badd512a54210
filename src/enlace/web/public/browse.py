"""Search results, browsing by need and by region, autocomplete, the region preference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import LazyString, get_locale

from enlace.catalogue import read
from enlace.catalogue.lookup import ReferenceData, reference_data
from enlace.db import get_session
from enlace.i18n import _
from enlace.search import SearchResults, autocomplete, get_index, search
from enlace.web import labels
from enlace.web.public import blueprint
from enlace.web.public.preferences import REGION_COOKIE, home_region, remember, safe_next
from enlace.web.public.result_view import proximity_note
from enlace.web.search_form import known_codes, parse_search, static_codes, url_with, without


def _language() -> str:
    return str(get_locale() or "es")


class FacetLink:
    """A facet value; its link is made only if the page shows it (most communes are not)."""

    __slots__ = ("_url", "base", "count", "label", "name", "pairs", "saved", "selected", "value")

    def __init__(
        self,
        label: str,
        count: int,
        selected: bool,
        base: str,
        pairs: list[tuple[str, str]],
        name: str,
        value: str,
        saved: bool = False,
    ) -> None:
        self.label, self.count, self.selected = label, count, selected
        self.base, self.pairs, self.name, self.value = base, pairs, name, value
        self.saved = saved
        self._url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            self._url = _facet_url(
                self.base, self.pairs, self.name, self.value, self.selected, self.saved
            )
        return self._url


@dataclass
class Chip:
    label: str
    url: str


FACET_TABLES: dict[str, Mapping[Any, LazyString]] = {
    "sector": labels.SECTORS,
    "population": labels.POPULATIONS,
    "language": labels.LANGUAGE_NAMES,
    "kind": labels.KINDS,
    "status": labels.STATUSES,
}


#: Facet value names per (catalogue identity, language), the last few only.
_NAMES: dict[tuple[tuple[str, int], str], dict[tuple[str, str], str]] = {}


class Labels:
    """Names for every facet value in the reader's language.

    A results page names every value of every facet (hundreds of communes) to sort
    them; the names are remembered for the catalogue revision and language."""

    def __init__(self, ref: ReferenceData, language: str) -> None:
        self.ref = ref
        self.language = language
        self._names: dict[tuple[str, str], str] = {}
        if ref.identity[0]:
            key = (ref.identity, language)
            if key not in _NAMES and len(_NAMES) >= 4:
                _NAMES.clear()
            self._names = _NAMES.setdefault(key, {})

    def __call__(self, facet: str, value: str) -> str:
        try:
            return self._names[facet, value]
        except KeyError:
            name = self._names[facet, value] = self.name(facet, value)
            return name

    def name(self, facet: str, value: str) -> str:
        if facet in ("domain", "category"):
            term = self.ref.terms.get(value)
            if term is None:
                return labels.label(labels.NEED_DOMAINS, value)
            return (term.name_en or term.name_es) if self.language == "en" else term.name_es
        if facet == "region":
            region = self.ref.region_by_code.get(value)
            return region.name if region is not None else value
        if facet == "commune":
            commune = self.ref.communes.get(value)
            return commune.name if commune is not None else value
        if facet == "free":
            return str(labels.FREE)
        return labels.label(FACET_TABLES.get(facet, {}), value)


SINGLE = {"region", "commune"}


def _drop_place(
    pairs: list[tuple[str, str]], name: str, value: str, saved: bool
) -> list[tuple[str, str]]:
    """The search without a region: with a saved region, that means all of Chile (else
    the saved one would come straight back)."""
    target = without(pairs, name, value)
    if name == "region" and saved:
        target = [*without(target, "anywhere"), ("anywhere", "1")]
    return target


def _facet_url(
    base: str, pairs: list[tuple[str, str]], name: str, value: str, selected: bool, saved: bool
) -> str:
    if selected:
        target = _drop_place(pairs, name, value, saved)
    elif name in SINGLE or name == "free":
        target = [*without(pairs, name), (name, value)]
    else:
        target = [*pairs, (name, value)]
    if name == "region" and not selected:
        target = without(target, "commune")
    return url_with(base, target)


def facet_links(
    results: SearchResults, pairs: list[tuple[str, str]], label: Labels, saved: bool = False
) -> dict[str, list[FacetLink]]:
    base = url_for("public.results")
    links: dict[str, list[FacetLink]] = {}
    for facet, values in results.facets.items():
        if facet == "status":
            continue
        name = "free" if facet == "free" else facet
        entries = [
            FacetLink(
                label(facet, value.value),
                value.count,
                value.selected,
                base,
                pairs,
                name,
                value.value,
                saved,
            )
            for value in values
            if facet != "free" or value.value == "1"
        ]
        if entries:
            links[facet] = sorted(entries, key=lambda e: (not e.selected, -e.count, e.label))
    return links


def chips(
    pairs: list[tuple[str, str]], label: Labels, results: SearchResults, saved: bool = False
) -> list[Chip]:
    """Active filters, each a link that removes it; the saved region is one of them."""
    base = url_for("public.results")
    found = []
    home = results.params.home_region
    if home and results.home_region_applied:
        text = _("Your region: %(name)s", name=label("region", home))
        found.append(Chip(text, url_with(base, pairs, anywhere="1")))
    for name, value in pairs:
        if name in ("q", "sort", "anywhere"):
            continue
        facet = "free" if name == "free" else name
        found.append(
            Chip(label(facet, value), url_with(base, _drop_place(pairs, name, value, saved)))
        )
    return found


@blueprint.get("/buscar")
def results() -> ResponseReturnValue:
    session = get_session()
    language = _language()
    ref = reference_data(session)
    parsed = parse_search(request.args, language, known_codes(ref), home_region())
    found = search(get_index(current_app), session, parsed.params)
    label = Labels(ref, language)
    shown = [h.offer_id for h in (*found.hits, *found.others)]
    offers = {o.id: o for o in read.offers_by_ids(session, shown)}
    base = url_for("public.results")
    saved = home_region()
    saved = saved if saved in ref.region_by_code else None
    return render_template(
        "public/results.html",
        parsed=parsed,
        results=found,
        offers=offers,
        facets=facet_links(found, parsed.query, label, saved is not None),
        chips=chips(parsed.query, label, found, saved is not None),
        saved_region=saved,
        only_saved_region_url=url_with(base, without(parsed.query, "anywhere")),
        label=label,
        proximity_note=lambda offer, hit: proximity_note(offer, hit.proximity, found.near, label),
        page_url=lambda page: url_with(base, parsed.query, page=str(page)),
        sort_url=lambda sort: url_with(base, parsed.query, sort=sort),
        suggestion_url=url_with(base, without(parsed.query, "q"), q=found.suggestion or ""),
        place_removed_url=url_with(base, parsed.query, anywhere="1"),
        sort_names=labels.SORT_NAMES,
        facet_names=labels.FACET_NAMES,
    )


@blueprint.get("/necesidad/<code>")
def domain(code: str) -> ResponseReturnValue:
    if code not in static_codes()[0]:
        return render_template("errors/404.html"), 404
    return redirect(url_for("public.results", domain=code))


@blueprint.get("/region/<code>")
def region(code: str) -> ResponseReturnValue:
    reference = reference_data(get_session())
    found = reference.region_by_code.get(code)
    if found is None:
        return render_template("errors/404.html"), 404
    return render_template(
        "public/region.html",
        region=found,
        communes=reference.region_communes(code),
        count=reference.offer_counts.get(code, 0),
    )


@blueprint.get("/regiones")
def regions() -> ResponseReturnValue:
    reference = reference_data(get_session())
    return render_template(
        "public/regions.html", regions=list(reference.regions), counts=reference.offer_counts
    )


@blueprint.get("/preferencias/region")
def set_region() -> ResponseReturnValue:
    """Remember the reader's region (a first-party preference cookie, nothing else).

    A GET like the language switch: it only changes a display preference, and a form
    without a CSRF token keeps anonymous visitors free of session cookies.
    """
    code = request.args.get("region", "")
    if code and code not in reference_data(get_session()).region_by_code:
        abort(400, description=str(labels.UNKNOWN_REGION))
    return remember(make_response(redirect(safe_next(), code=303)), REGION_COOKIE, code)


@blueprint.get("/autocompletar")
def complete() -> ResponseReturnValue:
    text = " ".join((request.args.get("q") or "").split())[:100]
    if len(text) < 2:
        return jsonify({"completions": []})
    session = get_session()
    entries = autocomplete(get_index(current_app), session, text, _language(), limit=8)
    payload = []
    for entry in entries:
        if entry.kind == "offer" and entry.slug:
            url = url_for("public.offer", slug=entry.slug)
        elif entry.kind == "agency" and entry.slug:
            url = url_for("public.agency", slug=entry.slug)
        elif entry.kind == "commune":
            url = url_for("public.results", commune=entry.id)
        else:
            url = url_for("public.results", region=entry.id)
        payload.append({"kind": entry.kind, "label": entry.label, "url": url})
    return jsonify({"completions": payload})
