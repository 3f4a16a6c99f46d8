"""The demo's workers' requests: the demo worker's requests answered, rated (closed satisfied, reopened after a
poor rating, closed after a second poor rating), one escalated past its deadline, one transferred, an anonymous
sensitive one seen only by the designated staff, a non-member's routed to the county; a second run changes
nothing."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import User
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.legal_aid.models import RequestRoute, RequestStatus, WorkerRequest
from gonghui.legal_aid.requests import demo, selectors

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_requests_answered_rated_and_reopened():
    mine = WorkerRequest.objects.filter(requester__phone=data.DEMO_WORKER_PHONE)
    by_code = {r.category.code: r for r in mine.select_related("category")}
    assert (by_code["wages"].status, by_code["wages"].rating) == (RequestStatus.CLOSED, 5)
    assert (by_code["hours"].status, by_code["hours"].reopen_count) == (RequestStatus.REOPENED, 1)
    assert (by_code["contract"].status, by_code["contract"].rating) == (RequestStatus.CLOSED, 2)
    assert by_code["welfare"].escalated_at is not None
    assert by_code["welfare"].anonymous
    assert by_code["other"].unit != by_code["wages"].unit  # transferred up
    safety = by_code["safety"]
    assert (safety.sensitive, safety.status) == (True, RequestStatus.ANSWERED)
    clerk = User.objects.get(username="xh_staff")
    rights = User.objects.get(username="xh_rights")
    assert not selectors.request_list(actor=clerk).filter(pk=safety.pk).exists()
    assert selectors.request_list(actor=rights).filter(pk=safety.pk).exists()
    outsider = WorkerRequest.objects.get(requester__phone=demo.NON_MEMBER_PHONE)
    assert (outsider.route, outsider.member) == (RequestRoute.REGION, None)
    count = WorkerRequest.objects.count()
    demo.seed(world())
    assert WorkerRequest.objects.count() == count
