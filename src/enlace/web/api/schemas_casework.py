"""Request and response models of participants' referrals and the agency link's updates."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from enlace.casework.vocab import NegativeReason, ReferralStatus

REASON_MAX = 500


class ReferralRowOut(BaseModel):
    """One referral of a participant, as the participant's page lists it."""

    id: int
    offer_name: str
    status: ReferralStatus
    sent_at: datetime | None
    follow_up_on: date | None
    unanswered: bool = Field(description="Sent and not answered for too long.")


class ReferralListOut(BaseModel):
    participant_id: str
    referrals: list[ReferralRowOut]


class NewReferral(BaseModel):
    """``POST /api/v1/participants/<id>/referrals``: a draft referral to an offer."""

    model_config = ConfigDict(extra="forbid")

    offer_id: str = Field(min_length=1, max_length=36)
    agreement_id: str | None = Field(
        default=None, max_length=36, description="An agreement giving priority access."
    )
    follow_up_on: date | None = None


class StatusChange(BaseModel):
    """A referral's next status; declining, not completing and cancelling need a reason."""

    model_config = ConfigDict(extra="forbid")

    status: ReferralStatus
    reason: NegativeReason | None = None
    reason_text: str | None = Field(
        default=None, max_length=REASON_MAX, description="Required with reason `other`."
    )


class ReferralOut(BaseModel):
    """A referral after a change."""

    id: int
    participant_id: str
    offer_id: str
    agreement_id: str | None
    status: ReferralStatus
    reason: str | None
    reason_text: str | None
    follow_up_on: date | None
    sent_at: datetime | None
    updated_at: datetime


class LinkReferralOut(BaseModel):
    """What the agency's link may know after its update: the referral's status."""

    status: ReferralStatus
