"""Campaign pages and endpoints: the authorization matrix of each page and action, the worker's pages (own
nominations, masked publicity list, an objection recorded), the masked and audited export, the API, and the list
pages' pinned query counts."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.honors.campaigns import services
from gonghui.honors.campaigns.tests import kit
from gonghui.honors.models import Benefit, CampaignQuota, Nomination, NominationStatus
from gonghui.honors.permissions import MANAGE_BENEFITS, MANAGE_CAMPAIGNS, NOMINATE, VIEW_CAMPAIGNS, VIEW_HONOREES
from gonghui.honors.register.tests import kit as register_kit
from gonghui.review.models import Objection

pytestmark = pytest.mark.django_db


def test_campaign_pages_matrix(world):
    campaign, quota = kit.campaign(world)
    nomination = kit.nomination(world, quota)
    for url in (
        reverse("honors:nomination_detail", args=[nomination.pk]),
        reverse("honors:campaign_quota_allot", args=[quota.pk]),
    ):
        http_matrix(
            world,
            VIEW_CAMPAIGNS if "nominations" in url else MANAGE_CAMPAIGNS,
            "get",
            url,
        )
    http_matrix(world, NOMINATE, "get", reverse("honors:nomination_new", args=[quota.pk]))
    # The campaign's page: the target's staff see it through their quota (and only their part of it).
    response = login(Client(), world.actor("same_with", VIEW_CAMPAIGNS)).get(
        reverse("honors:campaign_detail", args=[campaign.pk])
    )
    assert response.status_code == 200
    assert CANARY in response.content.decode()
    assert world.province.name not in [q.unit.name for q in response.context["quotas"]]
    sibling = login(Client(), world.actor("sibling", VIEW_CAMPAIGNS))
    assert sibling.get(reverse("honors:campaign_detail", args=[campaign.pk])).status_code == 404


def test_nominate_submit_and_withdraw_pages_matrix(world):
    _campaign, quota = kit.campaign(world)
    who = kit.member(world)
    http_matrix(
        world,
        NOMINATE,
        "post",
        reverse("honors:nomination_new", args=[quota.pk]),
        data={"member_no": who.member_no, "years_in_trade": 8, "deeds": "事迹"},
        state=lambda w: Nomination.objects.count(),
    )
    draft = kit.nomination(world, quota)
    http_matrix(
        world,
        NOMINATE,
        "post",
        reverse("honors:nomination_submit", args=[draft.pk]),
        state=lambda w: Nomination.objects.get(pk=draft.pk).status,
    )
    http_matrix(
        world,
        NOMINATE,
        "post",
        reverse("honors:nomination_edit", args=[draft.pk]),
        data={"deeds": "新事迹", "years_in_trade": 9},
        state=lambda w: Nomination.objects.get(pk=draft.pk).deeds,
    )
    http_matrix(
        world,
        MANAGE_CAMPAIGNS,
        "post",
        reverse("honors:campaign_quota_allot", args=[quota.pk]),
        data={"unit": world.child.pk, "places": 1},
        state=lambda w: CampaignQuota.objects.filter(unit=w.child).count(),
    )
    clerk = login(Client(), kit.target_clerk(world))
    response = clerk.post(reverse("honors:nomination_submit", args=[draft.pk]))
    assert response.status_code == 302
    assert Nomination.objects.get(pk=draft.pk).status == NominationStatus.IN_REVIEW
    clerk.post(reverse("honors:nomination_submit", args=[draft.pk]))  # a second click moves nothing
    assert Nomination.objects.filter(pk=draft.pk, review_case__isnull=False).count() == 1


def test_export_is_masked_and_audited(world):
    campaign, quota = kit.campaign(world)
    made = kit.nomination(world, quota)
    client = login(Client(), kit.province_clerk(world))
    response = client.get(reverse("honors:campaign_export", args=[campaign.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert made.member.name not in names
    assert len(names) == 1
    assert AuditEvent.objects.filter(action="honors.nomination_export").count() == 1


def test_worker_sees_own_progress_and_objects_during_publicity(world):
    _campaign, quota = kit.campaign(world)
    nominee = kit.member(world, with_user=True)
    nomination = kit.submitted(world, quota, member=nominee)
    colleague = kit.member(world, with_user=True)
    mine = login(Client(), nominee.user).get(reverse("honors_portal:honors_mine"))
    assert nomination.campaign.name in mine.content.decode()
    page = login(Client(), nominee.user).get(reverse("honors_portal:nomination_mine_detail", args=[nomination.pk]))
    assert page.status_code == 200
    other = login(Client(), colleague.user)
    assert other.get(reverse("honors_portal:nomination_mine_detail", args=[nomination.pk])).status_code == 404
    listing = other.get(reverse("honors_portal:publicity_list")).content.decode()
    assert nominee.name not in listing  # masked
    assert reverse("honors_portal:publicity_objection", args=[nomination.pk]) in listing
    response = other.post(
        reverse("honors_portal:publicity_objection", args=[nomination.pk]),
        data={"contact_name": "李四", "contact_phone": "13900003333", "content": "该同志事迹与实际不符"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get(case_id=nomination.review_case_id)
    assert objection.raised_by_id == colleague.user_id
    # A worker outside the publicity's union does not see it.
    outsider = register_kit.member(world, with_user=True, unit=world.sibling)
    assert (
        nomination.campaign.name
        not in login(Client(), outsider.user).get(reverse("honors_portal:publicity_list")).content.decode()
    )


def test_benefit_pages_matrix_and_pinned_queries(world, django_assert_max_num_queries):
    honoree = register_kit.title(world)
    register_kit.title(world)
    year = timezone.localdate().year
    services.benefit_plan_year(actor=world.actor("same_with", MANAGE_BENEFITS), unit=world.target, year=year)
    visit = Benefit.objects.filter(honoree=honoree, kind="visit").get()
    http_matrix(
        world,
        MANAGE_BENEFITS,
        "post",
        reverse("honors:benefit_done", args=[visit.pk]),
        data={"note": "走访"},
        state=lambda w: Benefit.objects.get(pk=visit.pk).status,
    )
    # The allowance form finds the member by number among the clerk's own members: the sibling's staff are told
    # "not among the model workers you manage" (nothing written), the target's staff record it.
    allowance = {"member_no": honoree.member.member_no, "year": year, "amount": "1000", "note": "因病致困"}
    for name, written in (("sibling", 0), ("same_without", 0), ("same_with", 1)):
        client = login(Client(), world.actor(name, MANAGE_BENEFITS))
        response = client.post(reverse("honors:benefit_allowance_new"), data=allowance)
        assert response.status_code in (200, 302, 403), name
        assert Benefit.objects.filter(kind="allowance").count() == written, name
    client = login(Client(), world.actor("same_with", VIEW_HONOREES))
    client.get(reverse("honors:benefit_list"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("honors:benefit_list") + f"?year={year}")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 7


def test_lists_and_api_pinned_queries(world, django_assert_max_num_queries):
    campaign, quota = kit.campaign(world, to_target=6)
    for _ in range(4):
        kit.submitted(world, quota)
    client = login(Client(), world.actor("ancestor", VIEW_CAMPAIGNS))
    client.get(reverse("honors:campaign_list"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("honors:campaign_list")).status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(reverse("honors:campaign_detail", args=[campaign.pk]))
    assert len(response.context["nominations"].page) == 4
    with django_assert_max_num_queries(10):
        api = client.get("/api/v1/honors/nominations/")
    assert api.status_code == 200
    body = api.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) == 4
    assert all(CANARY not in r["member_name"] for r in rows)
    http_matrix(world, VIEW_CAMPAIGNS, "get", f"/api/v1/honors/nominations/{rows[0]['id']}/")
    detail = client.get(f"/api/v1/honors/campaigns/{campaign.pk}/").json()
    assert {q["unit"] for q in detail["quotas"]} == {world.province.pk, world.target.pk}
    sibling = login(Client(), world.actor("sibling", VIEW_CAMPAIGNS))
    assert sibling.get(f"/api/v1/honors/campaigns/{campaign.pk}/").status_code == 404
