"""The retirees' roster and figures: age and birthday from the roster's birth date, the age bands, clubs and last
visit; the figures equal what the parts' own lists count on the same data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gonghui.retirees.models import VisitStatus
from gonghui.retirees.permissions import VIEW_RETIREES
from gonghui.retirees.stats import selectors
from gonghui.retirees.tests import factories as f
from gonghui.retirees.visits.selectors import visit_list

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)


def test_age_on():
    assert selectors.age_on(date(1946, 12, 7), TODAY) == 79
    assert selectors.age_on(date(1946, 12, 6), TODAY) == 80
    assert selectors.age_on(None, TODAY) is None


def test_roster_and_figures(world):
    a = f.retiree(world, birth=date(1946, 12, 6))  # 80
    b = f.retiree(world, birth=date(1956, 1, 1))  # 70
    f.retiree(world, unit=world.sibling, birth=date(1950, 1, 1))
    f.retiree(world, status="active")
    club = f.club(world, members=(a,))
    v = f.visit(a, planned_on=date(2026, 11, 1))
    v.status, v.done_on = VisitStatus.DONE, date(2026, 11, 2)
    v.save()
    f.visit(b, planned_on=date(2026, 12, 1))
    staff = f.staff(world, world.target, VIEW_RETIREES)
    rows: dict[int, Any] = {m.pk: m for m in selectors.retiree_list(actor=staff, today=TODAY)}
    assert set(rows) == {a.pk, b.pk}
    assert (rows[a.pk].club_count, rows[a.pk].last_visit, rows[b.pk].last_visit) == (1, date(2026, 11, 2), None)
    assert [m.pk for m in selectors.retiree_list(actor=staff, band="80-89", today=TODAY)] == [a.pk]
    assert [m.pk for m in selectors.retiree_list(actor=staff, band="70-79", today=TODAY)] == [b.pk]
    assert [m.pk for m in selectors.retiree_list(actor=staff, club_id=club.pk, today=TODAY)] == [a.pk]
    fig = selectors.figures(actor=staff, year=2026, today=TODAY)
    assert fig.retirees == 2
    assert dict(fig.by_band)["80-89"] == 1
    assert dict(fig.by_band)["70-79"] == 1
    assert (fig.clubs, fig.club_members) == (1, 1)
    assert fig.overdue == visit_list(actor=staff, overdue=True, today=TODAY).count() == 1
    assert fig.visits == {"done": 1, "planned": 1}
