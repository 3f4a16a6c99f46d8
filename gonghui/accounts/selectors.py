"""Reading one's own account: the active role grants of the signed-in user."""

from __future__ import annotations

from django.db.models import QuerySet

from gonghui.authz.access import Actor
from gonghui.authz.models import RoleGrant


def account_grants(*, actor: Actor) -> QuerySet[RoleGrant]:
    """The actor's own active grants (role and unit), highest unit first. Nobody else's: it is a self-read."""
    if actor is None or not actor.is_authenticated:
        return RoleGrant.objects.none()
    return (
        RoleGrant.objects.filter(user_id=actor.pk, revoked_at__isnull=True)
        .select_related("role", "unit")
        .order_by("unit__path", "role_id")
    )
