"""URL sweep resolvers of the notification centre. Every page and endpoint is the signed-in user's own: the swept
message belongs to the province's staff member who reaches every page (the sweep's ``ancestor`` actor) and
carries the CANARY, so a worker or the sibling's staff opening it by URL must get 404 and never its text."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World

SWEEP_PERM = "orgs.view_unit"  # the permission the sweep's actors are built for (tests/test_url_sweep.py)


def _message(world: World) -> int:
    from gonghui.notifications.models import Notification

    owner = world.actor("ancestor", SWEEP_PERM)
    row, _created = Notification.objects.get_or_create(
        recipient=owner,
        key="sweep",
        defaults={"category": "review.progress", "title": f"巡检消息{CANARY}", "body": f"内容{CANARY}"},
    )
    return row.pk


RESOLVERS: dict[str, Any] = {
    "notifications_portal:message:pk": _message,
    "v1:notifications-detail:notification_id": _message,
    "v1:notifications-read:notification_id": _message,
    "v1:notifications-preferences-detail:category": lambda world: "review.progress",
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "notifications_portal:inbox",
    "notifications_portal:settings",
    "notifications_portal:badge",
    "notifications_portal:read_all",
    "v1:notifications-list",
    "v1:notifications-read-all",
    "v1:notifications-preferences-list",
    "v1:notifications-preferences-detail",
}
LOCAL_ONLY: set[str] = set()
