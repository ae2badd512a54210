"""The security baseline every response gets: headers, HTTPS, CSRF, cookies, bad bytes.

* Security headers on every response (pages, static files, redirects, errors): a
  Content-Security-Policy without inline scripts or styles, frame-ancestors 'none',
  nosniff, a same-origin referrer policy, and HSTS when served over HTTPS with
  ``FORCE_HTTPS``.
* ``BEHIND_PROXY`` = number of trusted reverse proxies: ProxyFix then takes the client
  address, scheme and host from their X-Forwarded-* headers. ``FORCE_HTTPS`` redirects
  plain HTTP to HTTPS and marks the session cookie Secure; without it the cookie is
  still Secure whenever the request itself came over HTTPS.
* CSRF protection (Flask-WTF) on every state-changing request, with a clear page when a
  form is stale or forged.
* NUL and other control bytes in query strings or forms are refused with a 400 (the
  databases would refuse them with an error deep inside a request otherwise).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, has_request_context, redirect, request
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix

from enlace.web import errors

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_FORBIDDEN_CHARACTERS = frozenset(chr(code) for code in range(32) if chr(code) not in "\t\n\r")

csrf = CSRFProtect()


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)


def _has_bad_characters(values: Any) -> bool:
    return any(
        any(ch in _FORBIDDEN_CHARACTERS for ch in value)
        for value in values
        if isinstance(value, str)
    )


def init_app(app: Flask) -> None:
    hops = int(app.config.get("BEHIND_PROXY") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    force_https = bool(app.config.get("FORCE_HTTPS"))
    if force_https:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    app.session_interface = SessionInterface()
    policy = str(app.config.get("CONTENT_SECURITY_POLICY") or DEFAULT_CSP)
    hsts_seconds = int(app.config.get("HSTS_SECONDS") or 0)

    @app.before_request
    def _https_and_clean_input() -> ResponseReturnValue | None:
        if force_https and not request.is_secure:
            code = 301 if request.method in ("GET", "HEAD") else 308
            return redirect(request.url.replace("http://", "https://", 1), code=code)
        sources = [request.args.values(), request.args.keys()]
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            sources += [request.form.values(), request.form.keys()]
        if any(_has_bad_characters(source) for source in sources):
            raise BadRequest(_("The request contains characters that are not allowed."))
        return None

    csrf.init_app(app)  # after the hook above: redirect to https and refuse bad bytes first

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"
        )
        if force_https and hsts_seconds > 0 and request.is_secure:
            headers.setdefault("Strict-Transport-Security", f"max-age={hsts_seconds}")
        return response

    errors.init_app(app)
