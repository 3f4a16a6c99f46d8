"""Figures on the one-screen overview (一屏总览), contributed by the modules.

Each domain app lists its sources in ``gonghui/<app>/overview.py`` as ``FIGURES = [FigureSource(...)]`` and adds
them to :data:`FIGURES` in its ``AppConfig.ready()`` (like ``console.panels.PANELS``)::

    FIGURES.add(self.label, overview.FIGURES)

A source's ``compute(unit)`` returns the :class:`Figure` rows of ``unit``'s **whole subtree**, read through the
module's own selectors (a few aggregate queries, never one per row). It takes no actor: the overview checks that
the reader may see ``unit`` before it shows anything, and a unit's whole subtree lies inside the scope of anyone
who may see the unit (grants cover subtrees); the figure's ``url`` leads to the module's list filtered to the unit
(``?unit=<id>``), which applies the module's own scope and permissions.

Sources are grouped on the page: ``members`` (会员), ``waiting`` (待办与超期), ``money`` (资金支付) and
``satisfaction`` (满意度). Within a group they are shown in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.common.contributions import Contributions


class Kind(StrEnum):
    COUNT = "count"
    YUAN = "yuan"
    DAYS = "days"
    PERCENT = "percent"


class Group(StrEnum):
    MEMBERS = "members"
    WAITING = "waiting"
    MONEY = "money"
    SATISFACTION = "satisfaction"


GROUP_TITLES: dict[str, Promise] = {
    Group.MEMBERS: _("会员"),
    Group.WAITING: _("待办与超期"),
    Group.MONEY: _("资金支付"),
    Group.SATISFACTION: _("服务满意度"),
}


@dataclass(frozen=True)
class Figure:
    """One number of a unit's subtree. ``code`` is unique within its source; ``label`` a translatable Chinese
    text without placeholders (the snapshot keeps the Chinese text and the page translates it when shown);
    ``value`` an int (count, days) or a Decimal/str amount (yuan) or a float (percent); ``url`` the module's list
    behind the figure, filtered to the unit; ``overdue`` marks the figures of the "overdue up the tree" group."""

    code: str
    label: Promise | str
    value: Any
    kind: Kind = Kind.COUNT
    url: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class FigureSource:
    code: str
    title: Promise | str
    compute: Callable[[Any], list[Figure]]
    group: Group = Group.WAITING
    order: int = 100


FIGURES: Contributions[FigureSource] = Contributions(
    "overview figures", order=lambda source: (list(Group).index(source.group), source.order, source.code)
)


def sources() -> tuple[FigureSource, ...]:
    """Every registered source, grouped and in order; codes must be unique."""
    found = FIGURES.items()
    codes = [s.code for s in found]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"duplicate overview source codes: {duplicates}")
    return found
