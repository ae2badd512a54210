"""The coordinator start page: where a network coordinator lands after signing in."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from enlace.accounts import service
from enlace.accounts.policy import Permission
from enlace.catalogue.lookup import reference_data
from enlace.db import get_session
from enlace.network.stats import directory_counts
from enlace.web.access import requires, signed_in_user
from enlace.web.coordinator import blueprint


@blueprint.get("/")
@requires(Permission.NETWORK_REPORTS)
def home() -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    session = get_session()
    region = service.user_region(session, user)
    offers_in_region = (
        reference_data(session).offer_counts.get(region.code, 0) if region is not None else None
    )
    return render_template(
        "coordinator/home.html",
        user=user,
        region=region,
        offers_in_region=offers_in_region,
        counts=directory_counts(session),
    )
