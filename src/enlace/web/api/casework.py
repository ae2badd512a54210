"""Participants' referrals as JSON (staff of the centre, ``casework`` scope) and the
receiving agency's updates through its link's token (no account).

Everything goes through the casework services, which check the centre's scope (another
centre's participant or referral answers 404, as if it did not exist), the lifecycle,
consent and quota, and write the casework trail; a token's use of participant data is
audited too (:func:`enlace.web.api_auth.audit_token_use`). Refusals keep their service
codes: 422 for what the caller must fix, 409 for what the record's state forbids.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from spectree import Response

from enlace.accounts.models import User
from enlace.accounts.policy import Permission
from enlace.casework import links, overview, referrals, scope
from enlace.casework.errors import (
    ConsentRequiredError,
    InvalidError,
    LinkRefusedError,
    NotInScopeError,
    QuotaUsedUpError,
    TransitionError,
)
from enlace.casework.models import Referral
from enlace.casework.referrals import ReferralDraft
from enlace.casework.vocab import ReferralStatus
from enlace.db import get_session
from enlace.web import api_auth
from enlace.web.access import acting_user, public, request_info, requires
from enlace.web.api import blueprint
from enlace.web.api.bodies import json_body
from enlace.web.api.errors import ApiError, FieldProblem
from enlace.web.api.schemas_casework import (
    LinkReferralOut,
    NewReferral,
    ReferralListOut,
    ReferralOut,
    StatusChange,
)
from enlace.web.openapi import ErrorResponse, spec
from enlace.web.security import csrf

#: A link's token is never longer (the agency's page refuses longer ones the same way).
TOKEN_MAX = 100
#: The largest record id a database integer holds (a larger one names no record).
MAX_ID = 2**31 - 1
#: Lifecycle problems the caller fixes in its request, and the field at fault.
_FIXABLE = {
    "unknown_status": "status",
    "reason_required": "reason",
    "unknown_reason": "reason",
    "text_required": "reason_text",
}
_COMMON: dict[str, Any] = {
    "HTTP_400": ErrorResponse,
    "HTTP_401": ErrorResponse,
    "HTTP_403": ErrorResponse,
    "HTTP_404": ErrorResponse,
    "HTTP_429": ErrorResponse,
}
_WRITES: dict[str, Any] = {**_COMMON, "HTTP_409": ErrorResponse, "HTTP_415": ErrorResponse}


def _actor() -> User:
    user = acting_user()
    if user is None:  # @requires let nobody anonymous through
        raise ApiError(401, "Sign in or send an API token.")
    return user


def _refuse(error: Exception) -> NoReturn:
    """A casework service's refusal as the API's error (the caller rolled back)."""
    if isinstance(error, NotInScopeError):
        raise ApiError(404, "No such record in your centre.")
    if isinstance(error, InvalidError):
        fields = [FieldProblem(k, v) for k, v in sorted(error.errors.items())]
        raise ApiError(422, "The request was refused.", code="invalid", fields=fields)
    if isinstance(error, TransitionError):
        field = _FIXABLE.get(error.problem)
        if field is not None:
            problem = [FieldProblem(field, error.problem)]
            raise ApiError(422, "The status change needs more.", code="invalid", fields=problem)
        raise ApiError(
            409,
            f"A referral cannot move from {error.current} to {error.wanted} ({error.problem}).",
            code=f"transition_{error.problem}",
        )
    if isinstance(error, ConsentRequiredError):
        raise ApiError(
            409, f"No valid consent for this referral ({error.problem}).", code="consent_required"
        )
    if isinstance(error, QuotaUsedUpError):
        raise ApiError(409, "The agreement's places are used up.", code="quota_used_up")
    raise error


def _referral(found: Referral) -> dict[str, Any]:
    return ReferralOut(
        id=found.id or 0,
        participant_id=found.participant_id,
        offer_id=found.offer_id,
        agreement_id=found.agreement_id,
        status=ReferralStatus(found.status),
        reason=found.reason_code,
        reason_text=found.reason_text,
        follow_up_on=found.follow_up_on,
        sent_at=found.sent_at,
        updated_at=found.updated_at,
    ).model_dump(mode="json")


@blueprint.get("/participants/<participant_id>/referrals")
@requires(Permission.CASEWORK)
@spec.validate(
    resp=Response(HTTP_200=ReferralListOut, **_COMMON),
    tags=["enlace"],
    operation_id="listParticipantReferrals",
)
def participant_referrals(participant_id: str) -> ResponseReturnValue:
    """A participant's referrals, newest first (staff of the participant's centre)."""
    session = get_session()
    try:
        view = overview.overview(session, _actor(), participant_id, request_info=request_info())
    except NotInScopeError as refused:
        session.rollback()
        _refuse(refused)
    api_auth.audit_token_use("participant", [view.participant.id])
    session.commit()
    english = str(get_locale() or "es") == "en"
    return jsonify(
        ReferralListOut.model_validate(
            {
                "participant_id": view.participant.id,
                "referrals": [
                    {
                        "id": r.id,
                        "offer_name": (r.offer_name_en if english and r.offer_name_en else None)
                        or r.offer_name_es,
                        "status": r.status,
                        "sent_at": r.sent_at,
                        "follow_up_on": r.follow_up_on,
                        "unanswered": r.unanswered,
                    }
                    for r in view.referrals
                ],
            }
        ).model_dump(mode="json")
    )


@blueprint.post("/participants/<participant_id>/referrals")
@requires(Permission.CASEWORK)
@spec.validate(
    json=NewReferral,
    resp=Response(HTTP_201=ReferralOut, HTTP_422=ErrorResponse, **_WRITES),
    tags=["enlace"],
    skip_validation=True,  # the participant's scope is checked first (404 before 400)
    operation_id="createReferral",
)
def create_referral(participant_id: str) -> ResponseReturnValue:
    """A draft referral of the participant to an offer (then consent, then sending)."""
    session = get_session()
    actor = _actor()
    try:
        scope.participant(session, actor, participant_id)  # 404 before the body is read
        body = json_body(NewReferral)
        draft = ReferralDraft(
            offer_id=body.offer_id,
            agreement_id=body.agreement_id,
            follow_up_on=body.follow_up_on,
        )
        created = referrals.create(session, actor, participant_id, draft, request_info())
    except (NotInScopeError, InvalidError) as refused:
        session.rollback()
        _refuse(refused)
    api_auth.audit_token_use("participant", [created.participant_id])
    session.commit()
    return jsonify(_referral(created)), 201


@blueprint.post("/referrals/<int:referral_id>/status")
@requires(Permission.CASEWORK)
@spec.validate(
    json=StatusChange,
    resp=Response(HTTP_200=ReferralOut, HTTP_422=ErrorResponse, **_WRITES),
    tags=["enlace"],
    skip_validation=True,  # the referral's scope is checked first (404 before 400)
    operation_id="changeReferralStatus",
)
def referral_status(referral_id: int) -> ResponseReturnValue:
    """Send, cancel, or record the agency's answer (the lifecycle's rules apply)."""
    session = get_session()
    actor = _actor()
    if referral_id > MAX_ID:
        raise ApiError(404, "No such record in your centre.")
    try:
        scope.referral(session, actor, referral_id)  # 404 before the body is read
        body = json_body(StatusChange)
        moved = referrals.move(
            session,
            actor,
            referral_id,
            body.status.value,
            body.reason.value if body.reason else None,
            body.reason_text,
            request_info(),
        )
    except (
        NotInScopeError,
        InvalidError,
        TransitionError,
        ConsentRequiredError,
        QuotaUsedUpError,
    ) as refused:
        session.rollback()
        _refuse(refused)
    api_auth.audit_token_use("participant", [moved.participant_id])
    session.commit()
    return jsonify(_referral(moved))


@blueprint.post("/link/<token>/status")
@public
@spec.validate(
    json=StatusChange,
    resp=Response(
        HTTP_200=LinkReferralOut,
        HTTP_410=ErrorResponse,
        HTTP_422=ErrorResponse,
        **_WRITES,
    ),
    tags=["enlace"],
    skip_validation=True,  # read by json_body: 415 unless JSON, like the other writes
    operation_id="agencyLinkStatus",
)
def link_status(token: str) -> ResponseReturnValue:
    """The receiving agency's answer through its link: accept, waitlist, decline (with a
    reason), then in service, completed or not completed. No account: the token is the
    secret. Same rules and audit as the agency's page (``/derivacion/<token>``): an
    unknown, expired or revoked link answers 404; withdrawn consent answers 410."""
    session = get_session()
    if len(token) > TOKEN_MAX:
        raise ApiError(404, "No such link.")
    body = json_body(StatusChange)
    try:
        moved = links.respond(
            session,
            token,
            body.status.value,
            body.reason.value if body.reason else None,
            body.reason_text,
            request_info(),
        )
    except LinkRefusedError:
        session.commit()  # the refusal's audit entry
        raise ApiError(404, "No such link (unknown, expired or revoked).") from None
    except ConsentRequiredError:
        session.rollback()
        raise ApiError(
            410,
            "The person's consent was withdrawn or has expired: nothing more may be recorded.",
            code="consent_withdrawn",
        ) from None
    except (InvalidError, TransitionError, QuotaUsedUpError) as refused:
        session.rollback()
        _refuse(refused)
    session.commit()
    return jsonify(LinkReferralOut(status=ReferralStatus(moved.status)).model_dump(mode="json"))


csrf.exempt(link_status)
