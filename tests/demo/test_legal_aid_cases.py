"""The demo's legal aid: cases at every stage at the demo company's union, the demo worker's closed case waiting for
her rating, missed deadlines escalated once, the rated case's fee read back from finance; a second run changes
nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.legal_aid.cases import demo
from gonghui.legal_aid.models import CaseEvent, CaseStatus, Lawyer, LegalAidCase

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_cases_at_every_stage():
    cases = LegalAidCase.objects.filter(unit__name=data.XIHU_GRASSROOTS)
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert cases.filter(status=CaseStatus.APPLIED, decision_escalated_at__isnull=False).count() == 1
    assert cases.filter(stage="arbitration", arbitration_escalated_at__isnull=False, status="assigned").count() == 1
    assert CaseEvent.objects.filter(action__startswith="escalate").count() == 2
    mine = cases.filter(member__phone=data.DEMO_WORKER_PHONE)
    assert set(mine.values_list("status", flat=True)) == {CaseStatus.CLOSED, CaseStatus.ASSIGNED}
    assert mine.get(status=CaseStatus.CLOSED).rating == ""
    rated = cases.exclude(rating="").get()
    assert payments_for_source(source=rated.source).get().amount == 3000
    assert Lawyer.objects.count() == 3
    count = LegalAidCase.objects.count()
    demo.seed(world())
    assert LegalAidCase.objects.count() == count


def test_demo_worker_rates_from_the_portal_and_staff_see_the_queue():
    worker = User.objects.get(phone=data.DEMO_WORKER_PHONE)
    case = LegalAidCase.objects.get(member__user=worker, status=CaseStatus.CLOSED)
    phone = login(Client(), worker)
    assert "申请法律援助" in phone.get(reverse("legal_aid_portal:case_mine")).content.decode()
    phone.post(reverse("legal_aid_portal:case_detail", args=[case.pk]), {"action": "rate", "rating": "satisfied"})
    assert LegalAidCase.objects.get(pk=case.pk).rating == "satisfied"
    staff = login(Client(), User.objects.get(username="xh_staff"))
    page = staff.get(reverse("legal_aid:case_list") + "?overdue=any").content.decode()
    assert page.count("badge-warn") == 2  # the decision overdue and the arbitration past its limit
