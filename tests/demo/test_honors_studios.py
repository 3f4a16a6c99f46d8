"""The demo's innovation studios: one named by the city with its grant requested through the ledger, results and
pairs, one provincial application in review; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.demo.seed import world
from gonghui.finance.models import PaymentRequest
from gonghui.honors.models import Apprenticeship, Studio, StudioGrant, StudioResult, StudioStatus
from gonghui.honors.studios import demo

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_studios_named_and_in_review():
    statuses = sorted(Studio.objects.values_list("status", flat=True))
    assert statuses == [StudioStatus.IN_REVIEW, StudioStatus.NAMED]
    named = Studio.objects.get(status=StudioStatus.NAMED)
    assert named.named_by is not None
    assert named.named_by.name == "杭州市总工会"
    grant = StudioGrant.objects.get(studio=named)
    assert PaymentRequest.objects.get(pk=grant.payment_id).amount == 30000
    assert StudioResult.objects.filter(studio=named, kind="patent").count() == 2
    assert set(Apprenticeship.objects.filter(studio=named).values_list("status", flat=True)) == {"active", "completed"}
    count = Studio.objects.count()
    demo.seed(world())
    assert Studio.objects.count() == count
