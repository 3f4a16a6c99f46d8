""" "What is mine" on the worker's portal home, and links in the portal header (e.g. 消息 with its unread count).

A module lists its providers in ``AppConfig.ready()``::

    from gonghui.portal.mine import MINE

    MINE.add(self.label, [upcoming_bookings])   # (user) -> list[MineItem]

Each provider is called once per home page with the signed-in user and returns the items it holds for them (an
empty list: nothing). Keep it to one query, and memoize on the user object what a tile's ``when`` also asks (the
home page's query budget is pinned: P4 in the targets). The home shows the items sorted by ``order``.

``HEADER`` works the same way for the header of every portal page: ``(user) -> HeaderLink | None``. A header link
costs the page no query: its count (``badge_url``, a small fragment) is fetched by the browser after the page loads
(htmx), so the pinned query budgets of portal pages stay as they are; without JavaScript the link shows no count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class MineItem:
    label: Promise | str  # what it is: "消息", "疗休养预订", "会员卡"
    value: Promise | str = ""  # the short fact: "3 条未读", "杭州·千岛湖 2026-12-20 出发"
    url: str = ""  # where the worker opens it
    hint: Promise | str = ""
    icon: str = "service"  # one of the icons in portal/_icon.html
    order: int = 100
    highlight: bool = False  # needs attention (a booking on the waiting list)
    badge_url: str = ""  # a count fragment loaded after the page (htmx), as the header's: no query on the home


MineProvider = Callable[[Any], "list[MineItem]"]

MINE: Contributions[MineProvider] = Contributions("portal home: what is mine")


def my_items(user: Any) -> list[MineItem]:
    """Every module's items for ``user``, by ``order`` (nothing for an anonymous visitor)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items = [item for provider in MINE.items() for item in provider(user)]
    items.sort(key=lambda item: item.order)
    return items


@dataclass(frozen=True)
class HeaderLink:
    label: Promise | str
    url: str
    badge_url: str = ""  # a fragment with the count, loaded after the page (htmx); "" for none


HeaderProvider = Callable[[Any], "HeaderLink | None"]

HEADER: Contributions[HeaderProvider] = Contributions("portal header links")


def header_links(user: Any) -> list[HeaderLink]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    links = []
    for provider in HEADER.items():
        link = provider(user)
        if link is not None:
            links.append(link)
    return links
