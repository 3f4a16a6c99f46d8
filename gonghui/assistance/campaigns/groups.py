"""Target groups of a campaign (活动对象范围): a small registry of named groups of members.

A campaign names the groups it is for; a union below adds recipients only among the members of its own subtree who
belong to at least one of them (a campaign with no group is for every member). Each group answers, for a union, the
members of its subtree who belong to it. An app adds its groups from ``AppConfig.ready()`` in one call::

    from gonghui.assistance.campaigns.groups import GROUPS, TargetGroup

    GROUPS.add("assistance.households", [TargetGroup("hardship", _("困难职工档案户"), members=active_file_members)])

The platform registers "本单位全体会员" and "女职工" (the roster records gender). "困难职工档案户" (members with an
active hardship file) is the hardship part's to register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.common.contributions import Contributions
from gonghui.common.identity import Gender
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit

ELIGIBLE = (MemberStatus.ACTIVE, MemberStatus.RETIRED)


@dataclass(frozen=True)
class TargetGroup:
    code: str
    label: str | Promise
    members: Callable[[OrgUnit], QuerySet[Member]]


GROUPS: Contributions[TargetGroup] = Contributions("campaign target groups")


def subtree_members(unit: OrgUnit) -> QuerySet[Member]:
    """Members on the roster (active or retired) of ``unit`` and the unions below it."""
    return Member.objects.filter(unit__path__startswith=unit.path, status__in=ELIGIBLE)


def women(unit: OrgUnit) -> QuerySet[Member]:
    return subtree_members(unit).filter(gender=Gender.FEMALE)


BUILT_IN: list[TargetGroup] = [
    TargetGroup("all", _("本单位全体会员"), members=subtree_members),
    TargetGroup("women", _("女职工"), members=women),
]


def group_choices() -> list[tuple[str, str]]:
    return [(g.code, str(g.label)) for g in GROUPS.items()]


def group_labels(codes: Iterable[str]) -> list[str]:
    by_code = {g.code: g for g in GROUPS.items()}
    return [str(by_code[c].label) if c in by_code else c for c in codes]


def known_codes() -> set[str]:
    return {g.code for g in GROUPS.items()}


def eligible_members(unit: OrgUnit, codes: Iterable[str]) -> QuerySet[Member]:
    """Members of ``unit``'s subtree in at least one of the groups ``codes`` (every member when none is named; a
    group no longer registered matches nobody)."""
    base = subtree_members(unit)
    codes = list(codes)
    if not codes:
        return base
    by_code = {g.code: g for g in GROUPS.items()}
    condition = Q(pk__in=[])
    for code in codes:
        group = by_code.get(code)
        if group is not None:
            condition |= Q(pk__in=group.members(unit).values("pk"))
    return base.filter(condition)
