"""Notification categories: what a worker can be told about, and whether an SMS goes with it by default.

Each module registers its categories in its ``AppConfig.ready()``::

    from gonghui.notifications.registry import CATEGORIES, Category

    CATEGORIES.add(self.label, [
        Category("members.join", _("入会与接转"), _("入会申请、组织关系接转的结果"), sms_default=True),
    ])

The inbox always receives a notification; the SMS follows the worker's preference for the category (else
``sms_default``), and never when ``sms_allowed`` is false.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class Category:
    code: str
    label: Promise | str
    description: Promise | str = ""
    sms_default: bool = False
    sms_allowed: bool = True
    order: int = 100


class UnknownCategory(LookupError):
    """``notify`` was called with a category nobody registered (a programming error)."""


CATEGORIES: Contributions[Category] = Contributions("notification categories", order=lambda c: (c.order, c.code))


def categories() -> tuple[Category, ...]:
    return CATEGORIES.items()


def category_get(code: str) -> Category:
    for category in CATEGORIES.items():
        if category.code == code:
            return category
    raise UnknownCategory(code)
