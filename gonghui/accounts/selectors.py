"""Reading one's own account: the active role grants of the signed-in user."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone

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


def staff_signin_address_blocked(ip: str | None) -> bool:
    """True when ``ip`` failed staff sign-in ``STAFF_SIGNIN_MAX_FAILURES_PER_ADDRESS`` times within
    ``STAFF_SIGNIN_ADDRESS_WINDOW_SECONDS``, whatever the usernames (password spraying: many usernames, one
    password each, which django-axes' per-username-and-address lock never sees). One query over axes' attempts."""
    if not ip:
        return False
    since = timezone.now() - timedelta(seconds=settings.STAFF_SIGNIN_ADDRESS_WINDOW_SECONDS)
    failures = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return (failures or 0) >= settings.STAFF_SIGNIN_MAX_FAILURES_PER_ADDRESS
