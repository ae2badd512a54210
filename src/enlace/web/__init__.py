"""The web layer, one package per audience; blueprints parse the request, call a service
and render. Nothing more.

``public`` (the anonymous directory), ``auth`` (signing in, the account page), ``admin``
(accounts, sign-in locks, the audit log), ``staff`` (casework and matching),
``coordinator`` (the network and its evaluation) and ``api`` (JSON). An audience package
never imports another: what two of them share lives in :mod:`enlace.web.common`, and
the cross-cutting pieces (access, security, errors, labels, filters) beside it.
"""

from __future__ import annotations

from flask import Flask

from enlace.web import admin, api, auth, coordinator, errors, hsds, public, staff
from enlace.web.common import register_layout_context
from enlace.web.filters import register_filters

AUDIENCES = (public, auth, admin, staff, coordinator, api, hsds)


def register_blueprints(app: Flask) -> None:
    register_filters(app)
    register_layout_context(app)
    for audience in AUDIENCES:
        app.register_blueprint(audience.blueprint)
    app.register_blueprint(api.docs_blueprint)
    errors.answer_in_json(app, api.PREFIX, api.errors.json_error)
    errors.answer_in_json(app, "/openapi.json", api.errors.json_error)
    errors.answer_in_json(app, hsds.PREFIX, errors.json_error)
