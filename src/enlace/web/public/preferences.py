"""The public directory's two preference cookies (language, region) and safe redirects.

They are the only cookies an anonymous visitor gets: first-party, HttpOnly, SameSite=Lax,
Secure over https, and set by plain GET links so no session or CSRF cookie is needed.
"""

from __future__ import annotations

from flask import Response, request, url_for

from enlace.i18n import LOCALE_COOKIE

REGION_COOKIE = "region"
ONE_YEAR = 365 * 24 * 3600

__all__ = ["LOCALE_COOKIE", "REGION_COOKIE", "home_region", "remember", "safe_next"]


def home_region() -> str | None:
    """The remembered region code, if the cookie holds something that looks like one."""
    value = request.cookies.get(REGION_COOKIE)
    return value if value and len(value) <= 2 and value.isdigit() else None


def safe_next(default_endpoint: str = "public.home") -> str:
    """The ``next`` path to return to, refusing anything that leaves this site."""
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        return url_for(default_endpoint)
    return target


def remember(response: Response, name: str, value: str) -> Response:
    """Set a preference cookie for a year, or clear it when ``value`` is empty."""
    if not value:
        response.delete_cookie(name)
        return response
    response.set_cookie(
        name, value, max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure
    )
    return response
