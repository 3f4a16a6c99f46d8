"""On PostgreSQL: two decisions of the same condolence at once (a double click, two clerks) decide and pay once;
two different reasons at once for one member stay within the yearly cap."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.finance.models import PaymentRequest
from gonghui.policy.models import PolicyRecord
from gonghui.retirees.condolences import services
from gonghui.retirees.models import Condolence
from gonghui.retirees.tests import factories as f
from gonghui.retirees.tests.concurrency import race, skip_unless_postgres

TODAY = date(2026, 12, 6)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_click_pays_once(world):
    skip_unless_postgres()
    f.books(world.target)
    member = f.retiree(world, account=False)
    staff = f.staff(world)

    def decide() -> object:
        return services.condolence_decide(
            actor=staff, member=member, reason="illness", event_on=date(2026, 11, 30), today=TODAY
        )

    assert race(decide, decide, decide) == ["ok", "ok", "ok"]
    assert Condolence.objects.filter(member=member).count() == 1
    assert PaymentRequest.objects.filter(source__startswith="retirees.condolence:").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cap_holds_under_concurrent_decisions(world):
    skip_unless_postgres()
    f.books(world.target)
    PolicyRecord.objects.create(
        key="retirees.condolence_yearly_cap",
        unit=world.target,
        value="1200.00",
        effective_from=date(2026, 1, 1),
        note="测试",
    )
    member = f.retiree(world, account=False)
    staff = f.staff(world)
    outcomes = race(
        lambda: services.condolence_decide(
            actor=staff, member=member, reason="hardship", event_on=date(2026, 3, 1), today=TODAY
        ),
        lambda: services.condolence_decide(
            actor=staff, member=member, reason="illness", event_on=date(2026, 4, 1), today=TODAY
        ),
    )
    assert outcomes == ["ok", "ok"]
    total = sum(c.amount for c in Condolence.objects.filter(member=member))
    assert total == 1200
