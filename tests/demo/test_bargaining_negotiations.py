"""The demo's collective bargaining: an employer's wage agreement at every stage, the demo company's agreement
voted at its workers' congress, an industry agreement the demo worker sees on the portal, a regional agreement
covering small shops, the unanswered request escalated once; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.bargaining.models import BargainingCase, CaseDeadline, CaseStatus, VoteMethod
from gonghui.bargaining.negotiations import demo
from gonghui.demo import data
from gonghui.demo.seed import world

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_bargaining_at_every_stage():
    statuses = set(BargainingCase.objects.values_list("status", flat=True))
    assert set(CaseStatus.values) <= statuses
    company = BargainingCase.objects.get(employer__name=data.XIHU_EMPLOYER)
    assert (company.status, company.vote_method) == (CaseStatus.FILED, VoteMethod.CONGRESS)
    assert company.congress_item is not None
    regional = BargainingCase.objects.get(level="regional")
    assert regional.status == CaseStatus.PUBLISHED
    assert regional.covered.count() == 3
    assert CaseDeadline.objects.filter(escalated_at__isnull=False).count() == 1
    worker = login(Client(), User.objects.get(phone=data.DEMO_WORKER_PHONE))
    page = worker.get(reverse("bargaining_portal:agreement_mine")).content.decode()
    assert "软件和信息技术服务业工资专项集体合同" in page
    count = BargainingCase.objects.count()
    demo.seed(world())
    assert BargainingCase.objects.count() == count
