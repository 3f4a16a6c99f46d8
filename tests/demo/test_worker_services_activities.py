"""The demo's worker services: an activity open for sign-up, one full with a waiting list, one finished with
completed and no-show sign-ups; three benefits partners with verifications; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.demo.seed import world
from gonghui.worker_services.activities import demo
from gonghui.worker_services.models import Activity, Partner, Redemption, SignUp, SignUpStatus
from gonghui.worker_services.partners import demo as partners_demo

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_activities_at_every_state():
    assert Activity.objects.get(title=demo.OPEN).status == "published"
    full = Activity.objects.get(title=demo.FULL)
    assert full.free == 0
    assert SignUp.objects.filter(activity=full, status=SignUpStatus.WAITING).exists()
    past = Activity.objects.get(title=demo.PAST)
    assert past.status == "finished"
    states = set(SignUp.objects.filter(activity=past).values_list("status", flat=True))
    assert states == {SignUpStatus.COMPLETED, SignUpStatus.NO_SHOW}
    count = SignUp.objects.count()
    demo.seed(world())
    assert SignUp.objects.count() == count


def test_demo_partners_with_verifications():
    assert Partner.objects.filter(name__in=[p[2] for p in partners_demo.PARTNERS]).count() == 3
    assert Redemption.objects.filter(valid=True).exists()
    assert Redemption.objects.filter(valid=False).exists()
    count = Redemption.objects.count()
    partners_demo.seed(world())
    assert Redemption.objects.count() == count
