"""Token scopes on the API's public endpoints.

``@requires`` already checks a token's scopes against a permission; the catalogue's
endpoints are public (``@public``), yet a token calling them must still carry the
``read`` scope, so a casework-only token stays confined to what its holder made it for.
"""

from __future__ import annotations

from enlace.accounts.tokens import TokenScope, scopes_of
from enlace.web import api_auth
from enlace.web.errors import ApiError


def require_token_scope(scope: TokenScope) -> None:
    """With a Bearer token, 403 unless it carries ``scope``; without one, nothing."""
    token = api_auth.current_token()
    if token is not None and scope not in scopes_of(token):
        raise ApiError(
            403,
            f"This API token lacks the '{scope.value}' scope.",
            code="insufficient_scope",
        )
