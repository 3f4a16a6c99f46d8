"""Member portal tile "服务活动": activities open to the worker and their sign-ups (shown only when there are any)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile
from gonghui.worker_services.activities.selectors import has_activities

TILES: list[Any] = [
    Tile(
        label=_("服务活动"),
        url_name="worker_services_portal:activities",
        description=_("报名工会的普惠服务和文体活动"),
        icon="cases",
        order=60,
        when=has_activities,
    )
]
