"""Staff's "my centre's network": the agreements that give my participants priority.

Only the signed-in person's own centre (from their account). The page shows agreements
and contacts, no participant data, so it writes no audit entry.
"""

from __future__ import annotations

from datetime import date

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from enlace.accounts import service
from enlace.accounts.policy import Permission
from enlace.db import get_session
from enlace.network.centre import centre_network
from enlace.web.access import requires, signed_in_user
from enlace.web.staff import blueprint


def _today() -> date:
    return date.today()


@blueprint.get("/red")
@requires(Permission.CASEWORK)
def network() -> ResponseReturnValue:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    session = get_session()
    centre = service.user_centre(session, user)
    if centre is None:
        abort(403)
    return render_template(
        "staff/network.html", centre=centre, view=centre_network(session, centre.id, _today())
    )
