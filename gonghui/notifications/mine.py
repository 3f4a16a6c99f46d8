"""What the notification centre adds to the portal: the 消息 link in the header (its unread count is a fragment
loaded after the page) and the unread messages in the home's "what is mine" block (one memoized query)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.notifications.selectors import unread_count
from gonghui.portal.mine import HeaderLink, MineItem


def header_link(user: Any) -> HeaderLink:
    return HeaderLink(
        label=gettext_lazy("消息"),
        url=reverse("notifications_portal:inbox"),
        badge_url=reverse("notifications_portal:badge"),
    )


def unread_messages(user: Any) -> list[MineItem]:
    count = unread_count(actor=user)
    value = _("%(n)d 条未读") % {"n": count} if count else _("没有未读消息")
    return [
        MineItem(
            label=gettext_lazy("消息"),
            value=value,
            url=reverse("notifications_portal:inbox"),
            icon="cases",
            order=1,
            highlight=bool(count),
        )
    ]
