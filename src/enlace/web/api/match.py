"""``POST /api/v1/match``: a needs profile in, ranked and explained offers out.

Public: anyone may ask (nothing is stored or logged). A signed-in staff member of a
treatment centre also gets the centre's agreements as preferential access. The request
must be JSON (``Content-Type: application/json``): that is what keeps other sites from
posting here with a visitor's cookies, so the form token (CSRF) is not asked for.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from pydantic import ValidationError
from spectree import Response

from enlace.accounts.policy import Permission, allows
from enlace.db import get_session
from enlace.matching import service
from enlace.matching.eligibility import Check
from enlace.matching.profile import FieldError, ProfileError, parse_profile
from enlace.matching.ranking import Filters
from enlace.web import api_auth
from enlace.web.access import public
from enlace.web.api import blueprint
from enlace.web.api.errors import error_body
from enlace.web.api.schemas import MatchRequest, MatchResponse, field_errors
from enlace.web.match_text import aim_text, reason_text
from enlace.web.openapi import ErrorResponse, spec
from enlace.web.security import csrf


def _bad_request(errors: list[FieldError], message: str) -> ResponseReturnValue:
    body = error_body(400, message)
    body["error"]["fields"] = [{"field": e.field, "message": e.message} for e in errors]
    return jsonify(body), 400


def _centre() -> str | None:
    """The treatment centre of the staff member calling (with a casework token, or signed
    in), if they do casework."""
    token_user = api_auth.token_user()
    if token_user is not None:
        return token_user.agency_id if api_auth.token_may(Permission.CASEWORK) else None
    user = current_user._get_current_object()
    if getattr(user, "is_authenticated", False) and allows(user, Permission.CASEWORK):
        centre: str | None = user.agency_id
        return centre
    return None


@blueprint.post("/match")
@public
@spec.validate(
    json=MatchRequest,
    resp=Response(
        HTTP_200=MatchResponse,
        HTTP_400=ErrorResponse,
        HTTP_415=ErrorResponse,
        HTTP_429=ErrorResponse,
    ),
    tags=["enlace"],
    skip_validation=True,  # the profile's own parser reports every bad field at once
    operation_id="match",
)
def match() -> ResponseReturnValue:
    """Rank and explain offers for a needs profile.

    Public: nothing is stored. With a staff member's session or API token, the centre's
    agreements count as preferential access. Bad fields answer 400, each named.
    """
    if not request.is_json:
        refused = error_body(415, "Send the profile as JSON (Content-Type: application/json).")
        return jsonify(refused), 415
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _bad_request([FieldError("body", "must be a JSON object")], "Invalid JSON body.")
    errors: dict[str, str] = {}
    body: MatchRequest | None = None
    try:
        body = MatchRequest.model_validate(data)
    except ValidationError as error:
        errors.update((e.field, e.message) for e in field_errors(error))
    session = get_session()
    try:
        profile = parse_profile(data, service.profile_places(session))
    except ProfileError as error:
        for e in error.errors:
            errors.setdefault(e.field, e.message)
    if errors or body is None:
        found = [FieldError(f, m) for f, m in sorted(errors.items())]
        return _bad_request(found, "The profile has invalid fields.")
    filters = Filters(
        tuple(d.value for d in body.filters.domains),
        body.filters.priority_only,
        body.filters.free_only,
        body.filters.within,
    )
    matches = service.match(
        session, profile, centre_id=_centre(), limit=body.limit, filters=filters
    )
    names = service.place_names(session)
    language = str(get_locale() or "es")
    return jsonify(
        {
            "results": [
                {
                    "offer": _offer(r.offer, language),
                    "score": r.score,
                    "status": r.status,
                    "terms": [
                        {
                            "term": t.term,
                            "weight": t.weight,
                            "value": t.value,
                            "contribution": t.contribution,
                        }
                        for t in r.terms
                    ],
                    "rules": [_check(c, names) for c in r.checks],
                    "aimed_at": [aim_text(c.reason, names) for c in r.aimed_at],
                    "needs_served": [
                        {"domain": n.domain, "level": n.level.value, "role": n.role}
                        for n in r.needs_served
                    ],
                    "preferential_access": _access(r.access),
                    "promoted_for_diversity": r.promoted,
                }
                for r in matches.results
            ],
            "not_eligible": [
                {
                    "offer": _offer(n.offer, language),
                    "reasons": [_check(c, names) for c in n.reasons],
                }
                for n in matches.not_eligible
            ],
            "not_eligible_total": matches.not_eligible_total,
            "weights_version": matches.weights_version,
            "catalogue_revision": matches.catalogue_revision,
            "catalogue_id": matches.catalogue_id,
            "on": matches.on.isoformat(),
        }
    )


csrf.exempt(match)


def _offer(offer: service.OfferName, language: str) -> dict[str, str]:
    english = language == "en"
    name = offer.name_en if english and offer.name_en else offer.name_es
    agency = offer.agency_name_en if english and offer.agency_name_en else offer.agency_name_es
    return {"id": offer.id, "slug": offer.slug, "name": name, "agency": agency}


def _check(check: Check, names: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": check.kind,
        "outcome": check.outcome.value,
        "reason": {
            "code": check.reason.code,
            "values": _plain(check.reason.values),
            "text": reason_text(check.reason, names),
        },
    }
    if check.kind == "rule":
        rule = check.rules[0]
        item.update(attribute=rule.attribute, op=rule.op, value=rule.value)
    if check.group is not None:
        item["group"] = check.group
        item["alternatives"] = [
            [_check(part, names) for part in option.parts] for option in check.parts
        ]
    return item


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(v) if isinstance(v, set | frozenset) else v for k, v in values.items()}


def _access(access: Any) -> dict[str, Any] | None:
    if access is None:
        return None
    return {
        "agreements": list(access.agreements),
        "quota_left": access.quota_left,
        "path": [
            {
                "kind": step.kind,
                "from": step.source,
                "to": step.target,
                "agreement": step.agreement_id,
            }
            for step in access.path
        ],
    }
