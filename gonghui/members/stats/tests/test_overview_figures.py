"""The members' figures on the one-screen overview equal the roster's and the statistics' own selectors on the same
data (live and from the statistics snapshot), and each links to the roster filtered to the unit."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from gonghui.authz.testing import World
from gonghui.members import overview
from gonghui.members.models import MemberStatus
from gonghui.members.permissions import VIEW_MEMBER, VIEW_STATS
from gonghui.members.roster.selectors import member_list
from gonghui.members.stats import selectors as selectors_stats
from gonghui.members.stats.selectors import member_stats, stats_today
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_member_figures_equal_the_members_own_selectors(world: World) -> None:
    today = stats_today()
    month_start = today.replace(day=1)
    year_start = today.replace(month=1, day=1)
    earlier_this_year = year_start if month_start != year_start else today
    MemberFactory(unit=world.target, joined_on=today)
    MemberFactory(unit=world.child, joined_on=earlier_this_year)
    MemberFactory(unit=world.child, joined_on=today, status=MemberStatus.RETIRED)
    MemberFactory(unit=world.child, joined_on=year_start - timedelta(days=1))
    MemberFactory(unit=world.sibling, joined_on=today)  # another subtree: never counted in ours
    stats_actor = world.actor("ancestor", VIEW_STATS)
    roster_actor = world.actor("ancestor", VIEW_MEMBER)

    def check() -> None:
        figs = {f.code: f for f in overview.figures(world.target)}
        assert figs["active"].value == member_stats(actor=stats_actor, unit=world.target)["total"] == 3
        month = member_list(
            actor=roster_actor, unit_id=world.target.pk, joined_from=month_start, joined_to=today
        ).count()
        year = member_list(actor=roster_actor, unit_id=world.target.pk, joined_from=year_start, joined_to=today).count()
        assert figs["joined_month"].value == month
        assert figs["joined_year"].value == year == 3
        query = parse_qs(urlsplit(figs["joined_year"].url).query)
        assert query == {
            "unit": [str(world.target.pk)],
            "joined_from": [year_start.isoformat()],
            "joined_to": [today.isoformat()],
        }
        assert figs["pending"].value == 0
        assert figs["pending_oldest"].value is None

    check()  # live
    selectors_stats.refresh_snapshots()
    figs = {f.code: f for f in overview.figures(world.city)}
    # the snapshot (the city holds the sibling district too)
    assert figs["active"].value == member_stats(actor=stats_actor, unit=world.city)["total"] == 4
    check()
