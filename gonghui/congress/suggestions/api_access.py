"""API access of the member-facing endpoints of democratic management: staff as everywhere in the API (a role,
TOTP-verified browser sessions), or a signed-in worker who holds no role (their own records only: the endpoints'
selectors decide what they see)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from gonghui.api.permissions import IsStaff
from gonghui.authz import access


class StaffOrWorker(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if access.holds_any_role(user):
            return IsStaff().has_permission(request, view)
        return True
