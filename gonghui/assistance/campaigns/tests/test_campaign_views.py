"""Campaign pages and API: authorization matrices, the organiser's and the clerk's journeys through the pages (form,
allotments with the budget's message, member picker scoped to the clerk's subtree, removal after a confirmation,
bulk delivery, payments asked once), progress with the masked, audited export, and pinned query counts."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.assistance.campaigns import services
from gonghui.assistance.campaigns.tests import kit
from gonghui.assistance.models import Campaign, CampaignRecipient, CampaignStatus, RecipientStatus
from gonghui.assistance.permissions import DELIVER_CAMPAIGN, MANAGE_CAMPAIGN, VIEW_CAMPAIGN
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.finance.models import PaymentRequest

pytestmark = pytest.mark.django_db

API = "/api/v1/assistance/campaigns/"


def _with_recipient(world, **overrides):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, **overrides)
    row = services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world))
    return who, campaign, row


def test_pages_matrix(world):
    _who, campaign, row = _with_recipient(world)
    for name in ("campaign_detail", "campaign_recipients", "campaign_progress"):
        responses = http_matrix(world, VIEW_CAMPAIGN, "get", reverse(f"assistance:{name}", args=[campaign.pk]))
        assert responses["same_with"].status_code == 200
    recipients = http_matrix(world, VIEW_CAMPAIGN, "get", reverse("assistance:campaign_recipients", args=[campaign.pk]))
    assert CANARY in recipients["same_with"].content.decode()
    http_matrix(
        world,
        VIEW_CAMPAIGN,
        "get",
        reverse("assistance:campaign_progress_export", args=[campaign.pk]),
        state=lambda w: AuditEvent.objects.filter(action="assistance.campaign_export").count(),
    )
    # the form is for anyone managing campaigns somewhere (the sibling opens its own)
    http_matrix(
        world, MANAGE_CAMPAIGN, "get", reverse("assistance:campaign_new"), allowed=("sibling", "same_with", "ancestor")
    )
    http_matrix(
        world,
        DELIVER_CAMPAIGN,
        "post",
        reverse("assistance:campaign_recipient_remove", args=[campaign.pk, row.pk]),
        data={"comment": "重复"},
        state=lambda w: CampaignRecipient.objects.get(pk=row.pk).status,
        also_without=(VIEW_CAMPAIGN,),
    )


def test_list_filters_counts_and_scope(world):
    who, campaign, _row = _with_recipient(world)
    services.campaign_create(actor=who.organiser, unit=world.target, data=kit.data(title="秋季助学活动", kind="study"))
    client = login(Client(), who.organiser)
    page = client.get(reverse("assistance:campaign_list")).content.decode()
    assert campaign.title in page
    assert "秋季助学活动" in page
    counts = client.get(reverse("assistance:campaign_list")).context["statuses"]
    assert {v: n for v, _l, n in counts}[CampaignStatus.OPEN] == 1
    assert {v: n for v, _l, n in counts}[CampaignStatus.DRAFT] == 1
    studies = client.get(reverse("assistance:campaign_list"), {"kind": "study"}).content.decode()
    assert campaign.title not in studies
    other_year = client.get(reverse("assistance:campaign_list"), {"year": "2001"}).content.decode()
    assert "秋季助学活动" not in other_year
    assert campaign.title not in other_year
    # the child union's clerk sees the campaign it is allotted; a sibling's staff see nothing of it
    assert campaign.title in login(Client(), who.clerk).get(reverse("assistance:campaign_list")).content.decode()
    sibling = login(Client(), world.actor("sibling", VIEW_CAMPAIGN)).get(reverse("assistance:campaign_list"))
    assert campaign.title not in sibling.content.decode()
    assert login(Client(), world.member).get(reverse("assistance:campaign_list")).status_code == 403


def test_organiser_journey_form_allotments_and_budget_message(world):
    who = kit.people(world)
    client = login(Client(), who.organiser)
    today = timezone.localdate()
    form = {
        "unit": world.target.pk,
        "title": "春节送温暖",
        "kind": "warmth",
        "form": "money",
        "budget": "1000",
        "standard": "300",
        "starts_on": today.isoformat(),
        "ends_on": (today + kit.timedelta(days=10)).isoformat(),
        "groups": ["all"],
    }
    response = client.post(reverse("assistance:campaign_new"), form)
    campaign = Campaign.objects.get(title="春节送温暖")
    assert response.status_code == 302
    assert campaign.status == CampaignStatus.DRAFT
    detail = reverse("assistance:campaign_detail", args=[campaign.pk])
    # the budget allows 3 places of 300: asking for 4 is refused with the room left
    response = client.post(detail, {"action": "allot", "unit": world.child.pk, "quota": 4}, follow=True)
    assert "最多还能分配 3 个名额" in response.content.decode()
    assert not campaign.allotments.exists()
    client.post(detail, {"action": "allot", "unit": world.child.pk, "quota": 3})
    assert campaign.allotments.get().quota == 3
    # edit while in preparation: a smaller budget than the places need is refused on the form
    edit = reverse("assistance:campaign_edit", args=[campaign.pk])
    refused = client.post(edit, {**form, "budget": "600"})
    assert refused.status_code == 200
    assert "须有预算" in refused.content.decode()
    client.post(edit, {**form, "title": "春节送温暖（职工）"})
    campaign.refresh_from_db()
    assert campaign.title == "春节送温暖（职工）"
    client.post(detail, {"action": "open"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**form, "title": "改名"}).status_code == 200
    campaign.refresh_from_db()
    assert campaign.title == "春节送温暖（职工）"
    page = client.get(detail).content.decode()
    assert "建立活动" in page
    assert "启动" in page
    # the clerk below may not allot
    assert (
        login(Client(), who.clerk).post(detail, {"action": "allot", "unit": world.child.pk, "quota": 1}).status_code
        == 403
    )


def test_clerk_picks_members_of_own_subtree_removes_after_confirmation_and_delivers(world):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who)
    mine = kit.member(world)
    outside = kit.member(world, world.sibling)
    client = login(Client(), who.clerk)
    url = reverse("assistance:campaign_recipients", args=[campaign.pk])
    found = client.get(url, {"q": "张"}).context["picker"]["found"]
    assert mine in found
    assert outside not in found
    # a member outside the clerk's subtree is refused even if posted by hand
    client.post(url, {"action": "add", "member": outside.pk})
    assert not CampaignRecipient.objects.filter(member=outside).exists()
    client.post(url, {"action": "add", "member": mine.pk})
    row = CampaignRecipient.objects.get(member=mine)
    remove = reverse("assistance:campaign_recipient_remove", args=[campaign.pk, row.pk])
    confirm = client.get(remove)
    assert mine.name in confirm.content.decode()
    row.refresh_from_db()
    assert row.status == RecipientStatus.LISTED  # asking is not removing
    client.post(remove, {"comment": "调离"})
    row.refresh_from_db()
    assert row.status == RecipientStatus.REMOVED
    client.post(url, {"action": "add", "member": mine.pk})
    second = kit.member(world)
    client.post(url, {"action": "add", "member": second.pk})
    ids = list(CampaignRecipient.objects.filter(status=RecipientStatus.LISTED).values_list("pk", flat=True))
    today = timezone.localdate().isoformat()
    response = client.post(url, {"action": "deliver", "recipients": ids, "delivered_on": today}, follow=True)
    assert "已登记发放 2 人" in response.content.decode()
    assert CampaignRecipient.objects.filter(status=RecipientStatus.DELIVERED).count() == 2
    progress = client.get(reverse("assistance:campaign_progress", args=[campaign.pk]))
    assert progress.context["progress"].delivered == 2
    assert "<svg" in progress.content.decode()


def test_money_payments_from_the_page_are_asked_once(world):
    who, campaign, row = _with_recipient(world, form="money", goods="")
    url = reverse("assistance:campaign_recipients", args=[campaign.pk])
    # the clerk below has no payment button and cannot ask for one
    assert not login(Client(), who.clerk).get(url).context["can_pay"]
    login(Client(), who.clerk).post(url, {"action": "pay", "recipients": [row.pk]})
    assert not PaymentRequest.objects.filter(source=row.source).exists()
    client = login(Client(), who.organiser)
    client.post(url, {"action": "pay", "recipients": [row.pk]})
    again = client.post(url, {"action": "pay", "recipients": [row.pk]}, follow=True)
    assert PaymentRequest.objects.filter(source=row.source).count() == 1
    assert "跳过 1 人" in again.content.decode()


def test_progress_export_is_masked_and_audited(world):
    who, campaign, row = _with_recipient(world)
    response = login(Client(), who.organiser).get(reverse("assistance:campaign_progress_export", args=[campaign.pk]))
    book = load_workbook(io.BytesIO(response.content))
    text = " ".join(str(c.value) for sheet in book.worksheets for r in sheet.iter_rows() for c in r)
    assert world.child.name in text
    assert row.member.name not in text
    assert AuditEvent.objects.filter(action="assistance.campaign_export", target_id=str(campaign.pk)).exists()


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    who = kit.people(world)
    for n in range(6):
        kit.open_campaign(world, who, title=f"活动{n}")
    client = login(Client(), who.organiser)
    client.get(reverse("assistance:campaign_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assistance:campaign_list"))
    assert len(response.context["listing"].page) == 6


def test_recipients_query_count_is_pinned(world, django_assert_max_num_queries):
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, quota=8, form="money", goods="")
    for _n in range(8):
        services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world))
    rows = list(CampaignRecipient.objects.filter(campaign=campaign).values_list("pk", flat=True))
    services.recipients_pay(actor=who.organiser, campaign=campaign, recipient_ids=rows)
    client = login(Client(), who.organiser)
    url = reverse("assistance:campaign_recipients", args=[campaign.pk])
    client.get(url)
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert len(response.context["rows"]) == 8


def test_api_matrix_scope_and_progress(world, django_assert_max_num_queries):
    who, campaign, row = _with_recipient(world)
    responses = http_matrix(world, VIEW_CAMPAIGN, "get", f"{API}{campaign.pk}/")
    body = responses["same_with"].json()
    assert body["allotments"][0]["quota"] == 4
    assert body["allotments"][0]["used"] == 1
    assert body["progress"]["listed"] == 1
    assert body["progress"]["delivered"] == 0
    assert row.member.name not in responses["same_with"].content.decode()  # no recipient names in the API
    assert body["progress"]["amount"] == "500.00"
    services.recipients_deliver(
        actor=who.clerk, campaign=campaign, recipient_ids=[row.pk], delivered_on=timezone.localdate()
    )
    detail = login(Client(), who.clerk).get(f"{API}{campaign.pk}/").json()
    assert detail["progress"]["delivered"] == 1
    assert detail["progress"]["unions"][0]["share"] == 1.0
    for n in range(5):
        kit.open_campaign(world, who, title=f"活动{n}")
    client = login(Client(), who.organiser)
    client.get(API)
    with django_assert_max_num_queries(12):
        listing = client.get(API).json()
    assert listing["count"] == 6
    sibling = login(Client(), world.actor("sibling", VIEW_CAMPAIGN)).get(API).json()
    assert sibling["count"] == 0
    assert login(Client(), world.member).get(API).status_code == 403
