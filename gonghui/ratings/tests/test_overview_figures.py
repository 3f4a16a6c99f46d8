"""Satisfaction on the one-screen overview equals the ratings statistics page of the same subtree and period (this
year), and its "poor ratings waiting" figure equals the ratings list filtered to those waiting for a return visit."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.ratings import overview
from gonghui.ratings.models import FollowUp
from gonghui.ratings.permissions import VIEW_RATINGS
from gonghui.ratings.selectors import rating_list, rating_stats
from gonghui.ratings.tests import factories

pytestmark = pytest.mark.django_db


def test_satisfaction_figures_equal_the_statistics_page(world: World) -> None:
    for score in (1, 4, 5, 5):
        factories.rating(unit=world.child, rater=factories.worker(), score=score)
    factories.rating(unit=world.sibling, rater=factories.worker(), score=1)  # another subtree
    actor = world.actor("ancestor", VIEW_RATINGS)
    today = timezone.localdate()
    stats = rating_stats(actor=actor, unit=world.target, start=date(today.year, 1, 1), end=today).totals
    figs = {f.code: f for f in overview.satisfaction_figures(world.target)}
    assert figs["count"].value == stats.count == 4
    assert figs["average"].value == str(stats.average) == "3.75"
    assert figs["satisfied"].value == float(stats.satisfied_share or 0) == 75.0
    waiting = rating_list(actor=actor, unit=world.target, follow_up=FollowUp.WAITING).count()
    assert figs["poor_waiting"].value == waiting == 1
    assert figs["poor_waiting"].overdue
    assert figs["poor_waiting"].url.endswith(f"follow_up=waiting&unit={world.target.pk}")


def test_no_ratings_show_a_count_and_nothing_waiting(world: World) -> None:
    figs = {f.code: f for f in overview.satisfaction_figures(world.target)}
    assert figs["count"].value == 0
    assert "average" not in figs
    assert figs["poor_waiting"].value == 0
    assert not figs["poor_waiting"].overdue
