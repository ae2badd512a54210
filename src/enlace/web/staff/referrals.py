"""Referral pages: make one from any offer, follow it (status with coded reasons, cancel),
record the person's consent, print the letter, give the receiving agency its link.

The rules (consent before sending, printing or a link; the lifecycle; the quota) are
the casework services'; a refusal comes back as a message on the referral's page.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, get_locale

from enlace.accounts.policy import Permission
from enlace.casework import consent, letters, links, participants, referrals, scope
from enlace.casework.consent import ConsentDraft
from enlace.casework.errors import (
    ConsentRequiredError,
    InvalidError,
    LinkRefusedError,
    QuotaUsedUpError,
    TransitionError,
)
from enlace.casework.pages_support import priority_agreements, referral_page
from enlace.casework.referrals import ReferralDraft
from enlace.casework.vocab import ConsentPurpose, ReferralStatus
from enlace.catalogue import read
from enlace.db import get_session
from enlace.i18n import _, localized
from enlace.network.listing import AgreementSummary
from enlace.web import casework_labels
from enlace.web.access import requires
from enlace.web.casework_labels import CONSENT_PROBLEMS, TRANSITION_PROBLEMS, from_table
from enlace.web.common import INVALID, options, page
from enlace.web.letter_view import place_names, shared_lines
from enlace.web.staff import blueprint
from enlace.web.staff.casework_common import info, me, shown, today
from enlace.web.staff.casework_forms import (
    ConfirmForm,
    ConsentForm,
    LinkForm,
    OfferReferralForm,
    RevokeConsentForm,
    StatusForm,
    put_errors,
)

SLUG_MAX = 160


def _title(agreement: AgreementSummary) -> str:
    found = localized(agreement, "title", str(get_locale() or "es"))
    return found.text if found is not None else agreement.title_es


def _offer_page(form: OfferReferralForm, offer: object, status: int = 200) -> ResponseReturnValue:
    return page("staff/casework/referral_new.html", status, form=form, offer=offer)


@blueprint.route("/derivar/<slug>", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def new_referral(slug: str) -> ResponseReturnValue:
    """A referral to any offer (the "Refer a participant" link of an offer's page)."""
    session = get_session()
    offer = read.offer_by_slug(session, slug[:SLUG_MAX])
    if offer is None:
        return page("errors/404.html", 404)
    user = me()
    centre = scope.centre_of(user)
    form = OfferReferralForm()
    found = priority_agreements(session, centre, offer.id, today())
    form.agreement.choices = options([("", _("No agreement"))] + [(a.id, _title(a)) for a in found])
    if found and request.method == "GET":
        form.agreement.data = found[0].id
    if request.method == "GET":
        return _offer_page(form, offer)
    if not form.validate():
        return _offer_page(form, offer, INVALID)
    hits = participants.find(session, user, form.code.data or "", info())
    if len(hits) != 1:
        session.rollback()
        form.code.errors = [_("No participant of your centre has this code or file number.")]
        return _offer_page(form, offer, INVALID)
    draft = ReferralDraft(
        offer_id=offer.id,
        agreement_id=form.agreement.data or None,
        follow_up_on=form.follow_up_on.value,
    )
    try:
        created = referrals.create(session, user, hits[0].id, draft, info())
    except InvalidError as refused:
        session.rollback()
        problems = put_errors(form, refused.errors, {"agreement_id": "agreement"})
        for text in problems:
            form.code.errors = [*form.code.errors, text]
        return _offer_page(form, offer, INVALID)
    session.commit()
    flash(_("Draft referral made. Record the person's consent, then send it."), "success")
    return redirect(url_for("staff.referral", referral_id=created.id))


def _referral_page(referral_id: int, status: int = 200, **forms: object) -> ResponseReturnValue:
    session = get_session()
    view = referral_page(session, me(), referral_id, info())
    session.commit()
    context: dict[str, object] = {
        "status_form": StatusForm(formdata=None),
        "link_form": LinkForm(formdata=None),
        "revoke_form": RevokeConsentForm(formdata=None),
    }
    context.update(forms)
    return page("staff/casework/referral.html", status, view=view, today=today(), **context)


@blueprint.get("/derivaciones/<int:referral_id>")
@requires(Permission.CASEWORK)
def referral(referral_id: int) -> ResponseReturnValue:
    return _referral_page(referral_id)


def _refusal(error: Exception) -> str:
    if isinstance(error, TransitionError):
        return from_table(TRANSITION_PROBLEMS, error.problem)
    if isinstance(error, ConsentRequiredError):
        return from_table(CONSENT_PROBLEMS, error.problem)
    if isinstance(error, QuotaUsedUpError):
        return _("The agreement's places are used up (perhaps a moment ago). Send without it.")
    if isinstance(error, InvalidError):
        return " ".join(casework_labels.problem_text(k, v) for k, v in error.errors.items())
    return _("This change is not possible.")


@blueprint.post("/derivaciones/<int:referral_id>/estado")
@requires(Permission.CASEWORK)
def referral_status(referral_id: int) -> ResponseReturnValue:
    """Send, cancel, or record the agency's answer given by phone."""
    form = StatusForm()
    session = get_session()
    scope.referral(session, me(), referral_id)  # 404 before anything else
    if not form.validate():
        return _referral_page(referral_id, INVALID, status_form=form)
    wanted = form.status.data or ""
    try:
        moved = referrals.move(
            session,
            me(),
            referral_id,
            wanted,
            form.reason_code.data or None,
            form.reason_text.data or None,
            info(),
        )
    except (TransitionError, ConsentRequiredError, QuotaUsedUpError, InvalidError) as refused:
        session.rollback()
        form.reason_code.errors = [_refusal(refused)]
        return _referral_page(referral_id, INVALID, status_form=form, failed=wanted)
    session.commit()
    flash(
        _(
            "Referral status: %(status)s.",
            status=casework_labels.REFERRAL_STATUSES[ReferralStatus(moved.status)],
        ),
        "success",
    )
    return redirect(url_for("staff.referral", referral_id=referral_id))


def _consent_page(
    referral_id: int, form: ConsentForm, status: int = 200, problems: list[str] | None = None
) -> ResponseReturnValue:
    session = get_session()
    ref, found = scope.referral(session, me(), referral_id)
    participant = shown(found.id, "consent")
    offer = read.offers_by_ids(session, [ref.offer_id])
    return page(
        "staff/casework/consent.html",
        status,
        form=form,
        referral=ref,
        participant=participant,
        offer=offer[0] if offer else None,
        problems=problems or [],
    )


@blueprint.route("/derivaciones/<int:referral_id>/consentimiento", methods=["GET", "POST"])
@requires(Permission.CASEWORK)
def referral_consent(referral_id: int) -> ResponseReturnValue:
    """Record the person's consent for this referral (the recipient is the offer's agency)."""
    session = get_session()
    ref, participant = scope.referral(session, me(), referral_id)
    form = ConsentForm()
    if request.method == "GET":
        form.start(today())
        return _consent_page(referral_id, form)
    if not form.validate():
        return _consent_page(referral_id, form, INVALID)
    offer = read.offers_by_ids(session, [ref.offer_id])[0]
    draft = ConsentDraft(
        recipient_agency_id=offer.agency_id,
        categories=list(form.categories.data or []),
        given_on=form.given_on.value or today(),
        expires_on=form.expires_on.value or today(),
        method=form.method.data or "",
        purpose=ConsentPurpose.REFERRAL.value,
        purpose_text=form.purpose_text.data or None,
        sensitive_confirmed=bool(form.sensitive_confirmed.data),
    )
    if not form.given_on.value:
        form.given_on.errors = [_("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")]
    if not form.expires_on.value:
        form.expires_on.errors = [_("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")]
    if form.given_on.errors or form.expires_on.errors:
        return _consent_page(referral_id, form, INVALID)
    try:
        recorded = consent.record(session, me(), participant.id, draft, info())
        referrals.attach_consent(session, me(), referral_id, recorded.id or 0, info())
    except (InvalidError, ConsentRequiredError) as refused:
        session.rollback()
        if isinstance(refused, InvalidError):
            problems = put_errors(form, refused.errors, {})
        else:
            problems = [_refusal(refused)]
        return _consent_page(referral_id, form, INVALID, problems)
    session.commit()
    flash(_("Consent recorded for this referral."), "success")
    return redirect(url_for("staff.referral", referral_id=referral_id))


@blueprint.get("/derivaciones/<int:referral_id>/carta")
@requires(Permission.CASEWORK)
def referral_letter(referral_id: int) -> ResponseReturnValue:
    """The printable letter, in the participant's language, with only the consented data."""
    session = get_session()
    try:
        content = letters.letter(session, me(), referral_id, info())
    except ConsentRequiredError as refused:
        session.rollback()
        flash(_refusal(refused), "error")
        return redirect(url_for("staff.referral", referral_id=referral_id))
    session.commit()
    language = content.language if content.language in ("es", "en") else "es"
    with force_locale(language):
        return page(
            "staff/casework/letter.html",
            letter=content,
            lines=shared_lines(content.data, place_names()),
            notice=casework_labels.NOTICE,
            today=today(),
            lang=language,
        )


@blueprint.post("/derivaciones/<int:referral_id>/enlace")
@requires(Permission.CASEWORK)
def create_link(referral_id: int) -> ResponseReturnValue:
    """A new link for the receiving agency; its address is shown this once."""
    form = LinkForm()
    session = get_session()
    scope.referral(session, me(), referral_id)
    if not form.validate():
        return _referral_page(referral_id, INVALID, link_form=form)
    try:
        _link, token = links.create(session, me(), referral_id, int(form.days.data), info())
    except (InvalidError, ConsentRequiredError) as refused:
        session.rollback()
        form.days.errors = [_refusal(refused)]
        return _referral_page(referral_id, INVALID, link_form=form)
    session.commit()
    address = url_for("public.recipient_link", token=token, _external=True)
    return _referral_page(referral_id, new_link=address)


@blueprint.post("/derivaciones/<int:referral_id>/enlace/<int:link_id>/revocar")
@requires(Permission.CASEWORK)
def revoke_link(referral_id: int, link_id: int) -> ResponseReturnValue:
    form = ConfirmForm()
    session = get_session()
    scope.referral(session, me(), referral_id)
    owned = [link for link in links.links_of(session, me(), referral_id) if link.id == link_id]
    if not owned or not form.validate():
        return page("errors/404.html", 404)
    try:
        links.revoke(session, me(), link_id, info())
    except LinkRefusedError:
        session.rollback()
        return page("errors/404.html", 404)
    session.commit()
    flash(_("The link no longer works."), "success")
    return redirect(url_for("staff.referral", referral_id=referral_id))


@blueprint.post("/derivaciones/<int:referral_id>/objetivos")
@requires(Permission.CASEWORK)
def referral_goals(referral_id: int) -> ResponseReturnValue:
    """Which plan goals the referral serves (the plan shows the referrals of each goal)."""
    form = ConfirmForm()
    session = get_session()
    scope.referral(session, me(), referral_id)
    wanted = [int(g) for g in request.form.getlist("goal") if g.isdigit() and len(g) < 10]
    if not form.validate():
        return redirect(url_for("staff.referral", referral_id=referral_id))
    try:
        referrals.link_goals(session, me(), referral_id, wanted, info())
    except InvalidError:
        session.rollback()
        flash(_("Choose goals of this participant's plan."), "error")
        return redirect(url_for("staff.referral", referral_id=referral_id))
    session.commit()
    flash(_("The plan goals this referral serves are saved."), "success")
    return redirect(url_for("staff.referral", referral_id=referral_id))


@blueprint.post("/consentimientos/<int:consent_id>/revocar")
@requires(Permission.CASEWORK)
def revoke_consent(consent_id: int) -> ResponseReturnValue:
    """Withdraw consent: from now on nothing under it is sent, printed or shown."""
    form = RevokeConsentForm()
    session = get_session()
    _found, participant = scope.consent(session, me(), consent_id)
    back = request.form.get("back", "")
    if not form.validate():
        flash(_("Choose how the person withdrew consent."), "error")
    else:
        try:
            consent.revoke(session, me(), consent_id, form.channel.data, info())
        except InvalidError:
            session.rollback()
            flash(_("Choose how the person withdrew consent."), "error")
        else:
            session.commit()
            flash(_("Consent withdrawn. Nothing more is shared under it."), "success")
    if back.isdigit():
        return redirect(url_for("staff.referral", referral_id=int(back)))
    return redirect(url_for("staff.participant", participant_id=participant.id))
