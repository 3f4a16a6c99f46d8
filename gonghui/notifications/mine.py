"""What the notification centre adds to the portal: the 消息 link in the header and the 消息 item of the home's
"what is mine" block; both show the unread count as a fragment loaded after the page, so no portal page pays a
query for it (the pinned budgets of portal pages stay as they were)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from gonghui.portal.mine import HeaderLink, MineItem


def header_link(user: Any) -> HeaderLink:
    return HeaderLink(
        label=gettext_lazy("消息"),
        url=reverse("notifications_portal:inbox"),
        badge_url=reverse("notifications_portal:badge"),
    )


def unread_messages(user: Any) -> list[MineItem]:
    """The messages item: its unread count is the header's fragment, loaded after the page (no query here)."""
    return [
        MineItem(
            label=gettext_lazy("消息"),
            hint=gettext_lazy("办事进度、提醒与通知"),
            url=reverse("notifications_portal:inbox"),
            badge_url=reverse("notifications_portal:badge"),
            icon="cases",
            order=1,
        )
    ]
