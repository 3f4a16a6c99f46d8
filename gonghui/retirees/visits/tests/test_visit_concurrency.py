"""On PostgreSQL: two runs of the birthday job at once plan one visit per member and year."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.retirees.models import Visit, VisitReason
from gonghui.retirees.tests import factories as f
from gonghui.retirees.tests.concurrency import race as _race
from gonghui.retirees.tests.concurrency import skip_unless_postgres as _skip_unless_postgres
from gonghui.retirees.visits import services


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_birthday_runs_at_once_plan_once(world):
    _skip_unless_postgres()
    members = [f.retiree(world, birth=date(1946, 12, 10), account=False) for _ in range(3)]

    def run() -> object:
        return services.birthday_visits_plan(today=date(2026, 12, 6))

    assert _race(run, run, run) == ["ok", "ok", "ok"]
    for m in members:
        assert Visit.objects.filter(member=m, reason=VisitReason.BIRTHDAY, year=2026).count() == 1
