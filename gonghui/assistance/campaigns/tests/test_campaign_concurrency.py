"""On PostgreSQL: two clerks paying the same recipient at once ask finance once; two unions adding recipients at
once never exceed their places."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.assistance.campaigns import services
from gonghui.assistance.campaigns.tests import kit
from gonghui.assistance.models import CampaignRecipient
from gonghui.assistance.permissions import MANAGE_CAMPAIGN, VIEW_CAMPAIGN
from gonghui.assistance.relief.tests.test_relief_concurrency import _race, _skip_unless_postgres
from gonghui.finance.models import PaymentRequest


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_payment_is_impossible(world):
    _skip_unless_postgres()
    who = kit.people(world)
    other = world.staff("org2", world.target, [VIEW_CAMPAIGN, MANAGE_CAMPAIGN])
    campaign = kit.open_campaign(world, who, form="money", goods="")
    row = services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world))
    outcomes = _race(
        lambda: services.recipients_pay(actor=who.organiser, campaign=campaign, recipient_ids=[row.pk]),
        lambda: services.recipients_pay(actor=other, campaign=campaign, recipient_ids=[row.pk]),
    )
    assert outcomes == ["ok", "ok"]  # the second finds it asked for and skips it
    assert PaymentRequest.objects.filter(source=row.source).count() == 1
    assert CampaignRecipient.objects.get(pk=row.pk).payment_key == row.source


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_places_hold_under_concurrent_adds(world):
    _skip_unless_postgres()
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, quota=1)
    first, second = kit.member(world), kit.member(world)
    outcomes = _race(
        lambda: services.recipient_add(actor=who.clerk, campaign=campaign, member=first),
        lambda: services.recipient_add(actor=who.organiser, campaign=campaign, member=second),
    )
    assert sorted(outcomes)[0] == "ok"
    assert "名额已用完" in sorted(outcomes)[1]
    assert connection.vendor == "postgresql"
    assert CampaignRecipient.objects.filter(campaign=campaign).count() == 1
