"""The demo's honours campaign: the province's model-worker campaign mid-review (a nomination in the company union's
publicity with an open objection, one at the county review, a draft, one at the province's review, one in the final
publicity), the demo worker seeing both publicities on the portal with masked names, this year's benefits of the
company union, and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.honors.campaigns import demo
from gonghui.honors.models import Benefit, BenefitKind, BenefitStatus, Campaign, Nomination, NominationStatus
from gonghui.review.models import CaseStatus, Objection

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_campaign_mid_review():
    campaign = Campaign.objects.get(name__endswith="浙江省劳动模范评选")
    nominations = Nomination.objects.filter(campaign=campaign).select_related("review_case__current_unit")
    statuses = sorted(n.status for n in nominations)
    assert statuses.count(NominationStatus.IN_REVIEW) == 4
    assert statuses.count(NominationStatus.DRAFT) == 1
    in_publicity = [n for n in nominations if n.review_case and n.review_case.status == CaseStatus.IN_PUBLICITY]
    assert {n.review_case.current_unit.name for n in in_publicity} == {data.XIHU_GRASSROOTS, "浙江省总工会"}
    assert Objection.objects.filter(case__in=[n.review_case for n in in_publicity], status="open").count() == 1
    assert any(
        n.review_case
        and n.review_case.current_unit.name == "浙江省总工会"
        and n.review_case.status == CaseStatus.IN_REVIEW
        for n in nominations
    )

    worker = User.objects.get(phone=data.DEMO_WORKER_PHONE)
    client = Client()
    client.force_login(worker)
    page = client.get(reverse("honors_portal:publicity_list")).content.decode()
    links = {reverse("honors_portal:publicity_objection", args=[n.pk]) for n in in_publicity}
    assert all(link in page for link in links)
    assert len(links) == 2
    for n in in_publicity:
        assert n.member.name not in page

    benefits = Benefit.objects.filter(unit__name=data.XIHU_GRASSROOTS)
    assert benefits.filter(kind=BenefitKind.VISIT, status=BenefitStatus.DONE).count() == 1
    assert benefits.filter(kind=BenefitKind.ALLOWANCE, status=BenefitStatus.PLANNED).count() == 1

    counts = (Nomination.objects.count(), Benefit.objects.count(), Campaign.objects.count())
    demo.seed(world())
    assert (Nomination.objects.count(), Benefit.objects.count(), Campaign.objects.count()) == counts
