"""The members' figures on the one-screen overview (``gonghui.overview.registry``): active members, joiners this
month and year, join applications waiting (how long, how many past their deadline)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.members.models import JoinStatus, MemberStatus
from gonghui.members.stats.selectors import member_overview, stats_today
from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource, Group, Kind
from gonghui.overview.waits import unit_url, waited_days


def figures(unit: OrgUnit) -> list[Figure]:
    today = stats_today()
    row = member_overview(unit=unit, today=today)
    members = reverse("members:list")
    joins = reverse("members:join_list")
    pending = unit_url(joins, unit.pk, status=JoinStatus.SUBMITTED)
    return [
        Figure("active", _("在册会员"), row.active, url=unit_url(members, unit.pk, status=MemberStatus.ACTIVE)),
        Figure(
            "joined_month",
            _("本月入会"),
            row.joined_month,
            url=unit_url(members, unit.pk, joined_from=today.replace(day=1).isoformat(), joined_to=today.isoformat()),
        ),
        Figure(
            "joined_year",
            _("本年入会"),
            row.joined_year,
            url=unit_url(
                members, unit.pk, joined_from=today.replace(month=1, day=1).isoformat(), joined_to=today.isoformat()
            ),
        ),
        Figure("pending", _("入会申请待审核"), row.pending, url=pending),
        Figure("pending_oldest", _("入会申请最长等待"), waited_days(row.pending_oldest), kind=Kind.DAYS, url=pending),
        Figure("pending_overdue", _("入会申请超期未审核"), row.pending_overdue, url=pending, overdue=True),
    ]


FIGURES = [FigureSource(code="members", title=_("会员"), compute=figures, group=Group.MEMBERS, order=10)]
