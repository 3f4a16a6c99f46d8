"""The console shell's navigation and tree roots, computed lazily and only for console pages.

``console_nav`` is a list of sections (``label``, ``items``), each item with ``label``, ``url`` and ``active``:
the entries of every app's ``nav.py`` whose permission the user holds somewhere. ``console_roots`` are the
user's root units. Both cost at most two queries (the user's grants, then the root units), nothing for
anonymous visitors, portal pages or console pages that do not show them (sign-in pages, htmx fragments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise, SimpleLazyObject

from gonghui.authz import access
from gonghui.console.nav import all_items
from gonghui.orgs.selectors import unit_roots

CONSOLE_PREFIX = "/console/"


@dataclass
class NavLink:
    label: Promise | str
    url: str
    active: bool = False


@dataclass
class NavSection:
    label: Promise | str
    items: list[NavLink] = field(default_factory=list)


def nav_sections(request: HttpRequest) -> list[NavSection]:
    user: Any = request.user
    if not user.is_authenticated or not access.holds_any_role(user):
        return []
    sections: dict[str, NavSection] = {}
    links: list[NavLink] = []
    for item in all_items():
        if not item.shown_to(lambda perm: access.check_anywhere(user, perm)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app whose pages are not mounted (yet): leave the entry out
            continue
        link = NavLink(label=item.label, url=url)
        key = str(item.section)
        if key not in sections:
            sections[key] = NavSection(label=item.section)
        sections[key].items.append(link)
        links.append(link)
    # The entry whose URL is the longest prefix of the current path is the active one.
    matching = [link for link in links if request.path.startswith(link.url)]
    if matching:
        max(matching, key=lambda link: len(link.url)).active = True
    return list(sections.values())


def console_nav(request: HttpRequest) -> dict[str, Any]:
    if not request.path.startswith(CONSOLE_PREFIX):
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "console_nav": SimpleLazyObject(lambda: nav_sections(request)),
        "console_roots": SimpleLazyObject(lambda: unit_roots(actor=user) if access.holds_any_role(user) else []),
    }
