"""The demo's campaigns: an open 送温暖 half delivered (money through the ledger, some paid) and a closed 金秋助学
delivered; seeding twice makes nothing twice."""

from __future__ import annotations

import pytest

from gonghui.assistance.campaigns.selectors import progress
from gonghui.assistance.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus
from gonghui.demo import data
from gonghui.finance.models import PaymentRequest, PaymentStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_campaigns_and_idempotence():
    warmth = Campaign.objects.get(kind="warmth")
    study = Campaign.objects.get(kind="study")
    assert warmth.status == CampaignStatus.OPEN
    assert study.status == CampaignStatus.CLOSED
    listed = CampaignRecipient.objects.filter(campaign=warmth)
    assert listed.count() == 6
    assert listed.filter(status=RecipientStatus.PAYMENT).count() == 3
    assert listed.filter(member__phone=data.DEMO_WORKER_PHONE).exists()
    payments = PaymentRequest.objects.filter(source__startswith=f"assistance.campaign:{warmth.pk}:")
    assert payments.count() == 3
    assert payments.filter(status=PaymentStatus.PAID).count() == 2
    from gonghui.accounts.models import User

    organiser = User.objects.get(username="hz_staff")
    shown = progress(actor=organiser, campaign=warmth)
    assert (shown.listed, shown.delivered) == (6, 2)
    assert set(CampaignRecipient.objects.filter(campaign=study).values_list("status", flat=True)) == {
        RecipientStatus.DELIVERED
    }
    assert all(r.student_name and r.student_school for r in CampaignRecipient.objects.filter(campaign=study))
