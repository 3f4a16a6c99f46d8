"""Relief pages: authorization matrices of the console pages and the reveal, the list's pinned query count, masked
health data on pages and in the export, and the worker's portal pages (their own claims only)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.assistance.models import ReliefClaim, ReliefInvoice, ReliefStatus
from gonghui.assistance.permissions import MANAGE_RELIEF, REVEAL_RELIEF_HEALTH, VIEW_RELIEF
from gonghui.assistance.relief import services
from gonghui.assistance.relief.tests import kit
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login

pytestmark = pytest.mark.django_db


def _submitted(world):
    kit.reviewers(world)
    who = kit.member(world)
    return who, services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "30000"))


def test_detail_matrix_and_lists_scoped(world):
    _who, claim = _submitted(world)
    http_matrix(world, VIEW_RELIEF, "get", reverse("assistance:relief_detail", args=[claim.pk]))
    for name in ("relief_list", "relief_stats"):
        url = reverse(f"assistance:{name}")
        assert login(Client(), world.member).get(url).status_code == 403
        sibling = login(Client(), world.actor("sibling", VIEW_RELIEF)).get(url)
        assert sibling.status_code == 200
        assert CANARY not in sibling.content.decode()
        assert login(Client(), world.actor("same_without", VIEW_RELIEF)).get(url).status_code == 403
        assert login(Client(), world.actor("ancestor", VIEW_RELIEF)).get(url).status_code == 200
    listing = login(Client(), world.actor("same_with", VIEW_RELIEF)).get(reverse("assistance:relief_list"))
    assert CANARY in listing.content.decode()
    stats = login(Client(), world.actor("ancestor", VIEW_RELIEF)).get(reverse("assistance:relief_stats_export"))
    assert stats["Content-Type"].startswith("application/vnd.openxmlformats")


def test_reveal_page_matrix_and_masking(world):
    _who, claim = _submitted(world)
    url = reverse("assistance:relief_detail", args=[claim.pk])
    responses = http_matrix(world, VIEW_RELIEF, "get", url)
    page = responses["same_with"].content.decode()
    assert "急性白血病" not in page
    assert "浙江大学医学院附属第一医院" not in page
    http_matrix(
        world,
        REVEAL_RELIEF_HEALTH,
        "post",
        reverse("assistance:relief_reveal", args=[claim.pk]),
        state=lambda w: AuditEvent.objects.filter(action="assistance.relief_reveal").count(),
    )
    client = login(Client(), world.actor("same_with", REVEAL_RELIEF_HEALTH))
    response = client.post(reverse("assistance:relief_reveal", args=[claim.pk]))
    assert "急性白血病" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="assistance.relief_reveal", target_id=str(claim.pk)).exists()


def test_export_has_no_health_data_and_is_audited(world):
    _who, claim = _submitted(world)
    actor = world.actor("same_with", VIEW_RELIEF)
    client = login(Client(), actor)
    response = client.get(reverse("assistance:relief_export"))
    event = AuditEvent.objects.get(action="assistance.relief_export")
    assert event.actor_id == actor.pk
    assert event.data["rows"] == 1
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "急性白血病" not in text
    assert "浙江大学" not in text
    assert str(claim.pk) in text


def test_on_behalf_page_by_actor(world):
    """Members outside the clerk's scope are not found (the form says so: nothing about them shows)."""
    who = kit.member(world, with_user=False)
    data = {"member_no": who.member_no, "diagnosis": "肺癌", "settlement_no": "", "settled_on": ""}
    url = reverse("assistance:relief_new")
    assert login(Client(), world.member).post(url, data).status_code == 403
    assert login(Client(), world.actor("same_without", MANAGE_RELIEF)).post(url, data).status_code == 403
    sibling = login(Client(), world.actor("sibling", MANAGE_RELIEF)).post(url, data)
    assert sibling.status_code == 200
    assert CANARY not in sibling.content.decode()
    assert not ReliefClaim.objects.exists()
    for name in ("same_with", "ancestor"):
        response = login(Client(), world.actor(name, MANAGE_RELIEF)).post(url, data)
        assert response.status_code == 302
    assert ReliefClaim.objects.filter(member=who, on_behalf=True).count() == 2


def test_console_draft_actions_by_clerk(world):
    people = kit.reviewers(world)
    who = kit.member(world, with_user=False)
    client = login(Client(), people.clerk)
    response = client.post(
        reverse("assistance:relief_new"),
        {
            "member_no": who.member_no,
            "diagnosis": "肺癌",
            "settlement_no": "YB1",
            "settled_on": kit.today().isoformat(),
        },
    )
    claim = ReliefClaim.objects.get(member=who)
    assert response["Location"] == reverse("assistance:relief_detail", args=[claim.pk])
    day = kit.today().isoformat()
    data = {"action": "invoice", "invoice_no": "C-1", "hospital": "医院", "starts_on": day, "ends_on": day}
    client.post(response["Location"], {**data, "total": "30000", "covered": "10000", "out_of_pocket": "20000"})
    assert ReliefInvoice.objects.filter(claim=claim).count() == 1
    client.post(response["Location"], {"action": "submit"})
    claim.refresh_from_db()
    assert claim.status == ReliefStatus.DRAFT  # no invoice image, no settlement sheet yet
    for purpose in ("invoice", "settlement"):
        client.post(response["Location"], {"action": "documents", "purpose": purpose, "uploads": kit.photo()})
    client.post(response["Location"], {"action": "submit"})
    claim.refresh_from_db()
    assert claim.status == ReliefStatus.IN_REVIEW
    assert claim.amount is not None


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    people = kit.reviewers(world)
    for _ in range(6):
        who = kit.member(world)
        services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "15000"))
    client = login(Client(), people.grassroots)
    client.get(reverse("assistance:relief_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assistance:relief_list"))
    assert response.content.decode().count("assistance/relief/") >= 6


def test_worker_sees_only_own_claims_on_the_portal(world):
    who, claim = _submitted(world)
    other = kit.member(world)
    mine = Client()
    mine.force_login(kit.u(who))
    page = mine.get(reverse("assistance_portal:relief_detail", args=[claim.pk])).content.decode()
    assert "急性白血病" in page  # the worker's own health data
    assert "4000.00" in page  # the preview: (30,000 − 10,000) × 20%
    theirs = Client()
    theirs.force_login(kit.u(other))
    assert theirs.get(reverse("assistance_portal:relief_detail", args=[claim.pk])).status_code == 404
    listing = theirs.get(reverse("assistance_portal:relief_mine")).content.decode()
    assert f"#{claim.pk}" not in listing


def test_worker_portal_journey_creates_and_submits(world):
    kit.reviewers(world)
    who = kit.member(world)
    client = Client()
    client.force_login(kit.u(who))
    response = client.post(
        reverse("assistance_portal:relief_new"),
        {"diagnosis": "尿毒症", "settlement_no": "YB77", "settled_on": kit.today().isoformat()},
    )
    claim = ReliefClaim.objects.get(member=who)
    detail = reverse("assistance_portal:relief_detail", args=[claim.pk])
    assert response["Location"] == detail
    assert "医疗票据" in client.get(detail).content.decode()
    day = kit.today().isoformat()
    data = {"action": "invoice", "invoice_no": "W-1", "hospital": "医院", "starts_on": day, "ends_on": day}
    client.post(detail, {**data, "total": "50000", "covered": "20000", "out_of_pocket": "30000"})
    assert "医保结算单照片或扫描件" in client.get(detail).content.decode()  # what is missing
    client.post(detail, {"action": "documents", "purpose": "invoice", "uploads": kit.photo("a.png")})
    client.post(detail, {"action": "documents", "purpose": "settlement", "uploads": kit.photo("b.png", (1, 2, 3))})
    client.post(detail, {"action": "submit"})
    claim.refresh_from_db()
    assert claim.status == ReliefStatus.IN_REVIEW
    assert claim.amount == 4000
