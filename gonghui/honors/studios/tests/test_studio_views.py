"""Studio pages and API: the authorization matrix of the pages and the actions, the list's pinned query count and
scope, the masked and audited export, the application form, the portal list, and the API (list, detail, apply,
actions)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.honors.models import Studio, StudioEvaluation, StudioResult, StudioStatus
from gonghui.honors.permissions import APPROVE_STUDIOS, MANAGE_STUDIOS, VIEW_STUDIOS
from gonghui.honors.studios.tests import kit
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db


def test_detail_and_actions_matrix(world):
    studio = kit.studio(world, named_on=date(timezone.localdate().year - 1, 6, 1))
    http_matrix(world, VIEW_STUDIOS, "get", reverse("honors:studio_detail", args=[studio.pk]))
    http_matrix(
        world,
        APPROVE_STUDIOS,
        "post",
        reverse("honors:studio_evaluate", args=[studio.pk]),
        data={"year": timezone.localdate().year - 1, "result": "pass"},
        state=lambda w: StudioEvaluation.objects.count(),
    )
    http_matrix(
        world,
        MANAGE_STUDIOS,
        "post",
        reverse("honors:studio_result_add", args=[studio.pk]),
        data={"kind": "other", "title": "工法", "year": timezone.localdate().year},
        state=lambda w: StudioResult.objects.count(),
    )
    http_matrix(
        world,
        APPROVE_STUDIOS,
        "post",
        reverse("honors:studio_revoke", args=[studio.pk]),
        data={"reason": "撤销"},
        state=lambda w: Studio.objects.get(pk=studio.pk).status,
    )


def test_list_scope_pinned_queries_and_export(world, django_assert_max_num_queries):
    for _ in range(6):
        kit.studio(world)
    kit.studio(world, status=StudioStatus.IN_REVIEW)
    actor = world.actor("same_with", VIEW_STUDIOS)
    client = login(Client(), actor)
    client.get(reverse("honors:studio_list"))
    with django_assert_max_num_queries(16):
        page = client.get(reverse("honors:studio_list") + "?sort=name")
    assert page.content.decode().count("/console/honors/studios/") >= 7
    named = client.get(reverse("honors:studio_list") + "?status=named").content.decode()
    assert named.count('<td><a href="/console/honors/studios/') == 6
    sibling = login(Client(), world.actor("sibling", VIEW_STUDIOS)).get(reverse("honors:studio_list"))
    assert CANARY not in sibling.content.decode()
    assert login(Client(), world.member).get(reverse("honors:studio_list")).status_code == 403
    before = AuditEvent.objects.filter(action="honors.studio_export").count()
    export = client.get(reverse("honors:studio_export"))
    assert AuditEvent.objects.filter(action="honors.studio_export").count() == before + 1
    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row]
    leader = Studio.objects.select_related("leader__member").first()
    assert leader is not None
    assert leader.leader.member.name not in cells


def test_application_form_and_portal_list(world):
    people = kit.people(world)
    leader = kit.leader(world)
    client = login(Client(), people.clerk)
    response = client.post(
        reverse("honors:studio_new"),
        {"leader": leader.pk, "name": "王劳模工作室", "field": "电气", "grade": "city", "description": "电气节能攻关"},
    )
    assert response.status_code == 302
    studio = Studio.objects.get(leader=leader)
    assert studio.status == StudioStatus.IN_REVIEW
    again = client.post(
        reverse("honors:studio_new"),
        {"leader": leader.pk, "name": "再申报", "field": "电气", "grade": "city", "description": "x"},
    )
    assert again.status_code == 200  # refused on the form
    assert Studio.objects.filter(leader=leader).count() == 1
    # The portal: members see named studios of their union and above, not those in review.
    named = kit.studio(world)
    worker = factories.member(world.child, with_user=True)
    page = login(Client(), worker.user).get(reverse("honors_portal:studio_list")).content.decode()
    assert named.name in page
    assert "王劳模工作室" not in page


def test_api_list_detail_apply_and_actions(world):
    studio = kit.studio(world)
    http_matrix(world, VIEW_STUDIOS, "get", f"/api/v1/honors/studios/{studio.pk}/")
    client = login(Client(), world.actor("same_with", VIEW_STUDIOS))
    body = client.get("/api/v1/honors/studios/").json()
    assert [row["id"] for row in body["results"]] == [studio.pk]
    assert body["results"][0]["leader_name"] != studio.leader.member.name
    sibling = login(Client(), world.actor("sibling", VIEW_STUDIOS)).get("/api/v1/honors/studios/").json()
    assert sibling["results"] == []
    leader = kit.leader(world)
    http_matrix(
        world,
        MANAGE_STUDIOS,
        "post",
        "/api/v1/honors/studios/",
        data={"leader": leader.pk, "name": "API 工作室", "field": "焊接", "description": "攻关", "grade": "city"},
        json=True,
        state=lambda w: Studio.objects.count(),
    )
    result = client.post(
        f"/api/v1/honors/studios/{studio.pk}/results/",
        {"kind": "saving", "title": "降本", "year": timezone.localdate().year, "savings": "1200.50"},
        content_type="application/json",
    )
    assert result.status_code == 201
    assert result.json()["results"][0]["savings"] == "1200.50"
    bad = client.post(
        f"/api/v1/honors/studios/{studio.pk}/results/",
        {"kind": "patent", "title": "无号", "year": timezone.localdate().year},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "patent_no" in bad.json() or "专利号" in bad.content.decode()
