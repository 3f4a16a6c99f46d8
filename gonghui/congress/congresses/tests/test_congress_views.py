"""Congress pages: authorization matrices of the pages and their actions, the list's pinned query count and the
"overdue" filter, the term page's composition warning, the representatives' export (masked, audited) and the API."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.congress.models import Congress, CongressSection, CongressTerm
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.congress.tests import factories as f

pytestmark = pytest.mark.django_db


def test_pages_matrix(world):
    kit = f.congress_kit(world.child, reps=3)
    http_matrix(world, VIEW_CONGRESS, "get", reverse("congress:congress_detail", args=[kit.congress.pk]))
    http_matrix(world, VIEW_CONGRESS, "get", reverse("congress:term_detail", args=[kit.term.pk]))
    http_matrix(
        world,
        MANAGE_CONGRESS,
        "post",
        reverse("congress:term_detail", args=[kit.term.pk]),
        data={"action": "section", "name": "新选区", "seats": "3"},
        state=lambda w: CongressSection.objects.count(),
    )
    http_matrix(
        world,
        MANAGE_CONGRESS,
        "post",
        reverse("congress:congress_detail", args=[kit.congress.pk]),
        data={"number": "2", "starts_on": "2026-01-01", "ends_on": "2030-12-31", "headcount": "800"},
        state=lambda w: CongressTerm.objects.count(),
    )


def test_new_term_page_computes_quota(world):
    kit = f.congress_kit(world.child, reps=0)
    client = login(Client(), world.actor("same_with", MANAGE_CONGRESS))
    response = client.post(
        reverse("congress:congress_detail", args=[kit.congress.pk]),
        data={"number": "2", "starts_on": "2026-01-01", "ends_on": "2030-12-31", "headcount": "800"},
    )
    term = CongressTerm.objects.get(congress=kit.congress, number=2)
    assert response.status_code == 302
    assert term.quota == 89  # 40 + 7 × 7
    page = client.get(reverse("congress:term_detail", args=[term.pk])).content.decode()
    assert "40 + 7 × ⌊(800 − 100) ÷ 100⌋" in page


def test_elect_from_the_page_and_composition_warning(world):
    kit = f.congress_kit(world.child, reps=2, managers=2)
    member = f.representative_member(world.child)
    client = login(Client(), world.actor("same_with", MANAGE_CONGRESS))
    url = reverse("congress:term_detail", args=[kit.term.pk])
    assert 'id="composition-warning"' in client.get(url).content.decode()
    client.post(
        url,
        data={
            "action": "elect",
            "member_no": member.member_no,
            "section": str(kit.sections[0].pk),
            "category": "front_line",
            "elected_on": timezone.localdate().isoformat(),
        },
    )
    assert kit.term.representatives.filter(member=member).exists()


def test_list_pinned_and_overdue_filter(world, django_assert_max_num_queries):
    for unit in (world.child, world.target):
        f.congress_kit(unit, reps=2)
    Congress.objects.filter(unit=world.target).update(created_at=timezone.now() - timedelta(days=900))
    client = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("congress:congress_list"))
    assert response.status_code == 200
    overdue = client.get(reverse("congress:congress_list") + "?overdue=1").content.decode()
    assert world.target.name in overdue
    assert f"{world.child.name}职工代表大会" not in overdue
    sibling = login(Client(), world.actor("sibling", VIEW_CONGRESS)).get(reverse("congress:congress_list"))
    assert CANARY not in sibling.content.decode()


def test_representatives_export_masked_and_audited(world):
    kit = f.congress_kit(world.child, reps=2)
    client = login(Client(), world.actor("same_with", VIEW_CONGRESS))
    response = client.get(reverse("congress:representatives_export", args=[kit.term.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert kit.reps[0].member.name not in text
    assert kit.reps[0].member.member_no in text
    assert AuditEvent.objects.filter(action="congress.representatives_export").count() == 1


def test_api_scoped(world, django_assert_max_num_queries):
    kit = f.congress_kit(world.child, reps=2)
    client = login(Client(), world.actor("same_with", VIEW_CONGRESS))
    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/congress/terms/").json()
    assert [t["id"] for t in data["results"]] == [kit.term.pk]
    assert data["results"][0]["active_reps"] == 2
    sibling = login(Client(), world.actor("sibling", VIEW_CONGRESS)).get("/api/v1/congress/congresses/").json()
    assert sibling["results"] == []
