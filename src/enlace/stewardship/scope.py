"""Who may change which catalogue record: regional coordinators their region's agencies
and offers (an offer is in its agency's region), national coordinators and admins all
(pure). An agency with no region is national: only national coordinators and admins."""

from __future__ import annotations

from enlace.accounts.policy import NATIONAL, Permission, Principal, allows, region_scope


def may_edit_record(principal: Principal | None, region_code: str | None) -> bool:
    if not allows(principal, Permission.NETWORK_MANAGE):
        return False
    scope = region_scope(principal)
    return scope == NATIONAL or (region_code is not None and scope == region_code)
