"""Claims pages and API: authorization matrices (detail, reveal, decide, new, batch, export, API), the pinned query
counts of the queue and the API list, masked health data on pages and in the export, the worker's portal pages, the
bulk upload (all rows or none, errors per row) and the API's create and calculation."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.claims.tests import kit
from gonghui.mutual_aid.models import Claim, ClaimBatch, ClaimStatus
from gonghui.mutual_aid.permissions import DECIDE_CLAIMS, MANAGE_CLAIMS, REVEAL_CLAIM_HEALTH, VIEW_MUTUAL_AID

pytestmark = pytest.mark.django_db


def _submitted(world):
    kit.reviewers(world)
    who = kit.member(world)
    return who, kit.submitted(world, who, "30000")


def test_detail_matrix_and_list_scoped(world):
    _who, claim = _submitted(world)
    http_matrix(world, VIEW_MUTUAL_AID, "get", reverse("mutual_aid:claim_detail", args=[claim.pk]))
    url = reverse("mutual_aid:claim_list")
    assert login(Client(), world.member).get(url).status_code == 403
    sibling = login(Client(), world.actor("sibling", VIEW_MUTUAL_AID)).get(url)
    assert sibling.status_code == 200
    assert CANARY not in sibling.content.decode()
    listing = login(Client(), world.actor("same_with", VIEW_MUTUAL_AID)).get(url)
    assert CANARY in listing.content.decode()
    assert claim.claim_no in listing.content.decode()
    filtered = login(Client(), world.actor("same_with", VIEW_MUTUAL_AID)).get(url + "?status=approved&sort=-amount")
    assert claim.claim_no not in filtered.content.decode()


def test_reveal_matrix_and_masking(world):
    _who, claim = _submitted(world)
    page = http_matrix(world, VIEW_MUTUAL_AID, "get", reverse("mutual_aid:claim_detail", args=[claim.pk]))
    text = page["same_with"].content.decode()
    assert "急性阑尾炎" not in text
    assert "宁波市第一医院" not in text
    assert "应付给付金额" in text  # the calculation line by line
    http_matrix(
        world,
        REVEAL_CLAIM_HEALTH,
        "post",
        reverse("mutual_aid:claim_reveal", args=[claim.pk]),
        state=lambda w: AuditEvent.objects.filter(action="mutual_aid.claim_reveal").count(),
    )
    response = login(Client(), world.actor("same_with", REVEAL_CLAIM_HEALTH)).post(
        reverse("mutual_aid:claim_reveal", args=[claim.pk])
    )
    assert "急性阑尾炎" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_decide_page_matrix(world):
    _who, claim = _submitted(world)
    http_matrix(
        world,
        DECIDE_CLAIMS,
        "post",
        reverse("mutual_aid:claim_detail", args=[claim.pk]),
        data={"action": "decide", "decision": "adjust", "amount": "1000", "comment": "除外"},
        state=lambda w: Claim.objects.get(pk=claim.pk).status,
    )
    client = login(Client(), world.staff("dr", world.child, kit.REVIEW))
    client.post(
        reverse("mutual_aid:claim_detail", args=[claim.pk]),
        data={"action": "decide", "decision": "adjust", "amount": "1000", "comment": "除外"},
    )
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.status == ClaimStatus.APPROVED
    assert claim.amount == Decimal("1000.00")


def test_export_masked_and_audited(world):
    who, claim = _submitted(world)
    actor = world.actor("same_with", VIEW_MUTUAL_AID)
    response = login(Client(), actor).get(reverse("mutual_aid:claim_export"))
    event = AuditEvent.objects.get(action="mutual_aid.claim_export")
    assert event.actor_id == actor.pk
    assert event.data["rows"] == 1
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert claim.claim_no in text
    assert who.name not in text
    assert "阑尾炎" not in text
    http_matrix(
        world, VIEW_MUTUAL_AID, "get", reverse("mutual_aid:claim_export"), allowed=("same_with", "ancestor", "sibling")
    )


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    kit.reviewers(world)
    for _ in range(3):
        kit.submitted(world, kit.member(world), "10000")
    client = login(Client(), world.actor("same_with", VIEW_MUTUAL_AID))
    client.get(reverse("mutual_aid:claim_list"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("mutual_aid:claim_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("v1:mutual-aid-claims-list")).status_code == 200


def test_portal_pages_own_claims_only(world):
    who, claim = _submitted(world)
    mine = login(Client(), kit.u(who))
    assert claim.claim_no in mine.get(reverse("mutual_aid_portal:claim_list")).content.decode()
    page = mine.get(reverse("mutual_aid_portal:claim_detail", args=[claim.pk])).content.decode()
    assert "应付给付金额" in page
    assert "急性阑尾炎" in page
    other = kit.member(world)
    assert (
        login(Client(), kit.u(other)).get(reverse("mutual_aid_portal:claim_detail", args=[claim.pk])).status_code == 404
    )
    assert (
        login(Client(), world.member).get(reverse("mutual_aid_portal:claim_detail", args=[claim.pk])).status_code == 404
    )


def test_portal_file_upload_submit(world):
    kit.reviewers(world)
    who = kit.member(world)
    client = login(Client(), kit.u(who))
    response = client.post(
        reverse("mutual_aid_portal:claim_new"),
        data={"kind": "hospital", "event_on": kit.event_day().isoformat(), "relation": "self", "illness": "肺炎"},
    )
    claim = Claim.objects.get(member=who)
    assert response.status_code == 302
    url = reverse("mutual_aid_portal:claim_detail", args=[claim.pk])
    client.post(
        url,
        data={
            "action": "invoice",
            "invoice_no": "PORTAL-1",
            "hospital": "宁波市第二医院",
            "issued_on": kit.event_day().isoformat(),
            "amount": "5000",
            "insurance_paid": "1000",
            "excluded": "0",
        },
    )
    for purpose in ("invoice", "discharge"):
        client.post(url, data={"action": "documents", "purpose": purpose, "uploads": kit.photo(f"{purpose}.png")})
    client.post(url, data={"action": "submit"})
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.computed == Decimal("1500.00")  # 5,000 − 1,000 − 1,000 deductible = 3,000 × 50%


def _sheet(rows):
    book = Workbook()
    ws = book.active
    ws.append(
        [
            "会员编号",
            "保障责任",
            "就诊日期",
            "就医人",
            "就医人姓名",
            "病种代码",
            "病种诊断",
            "票据号码",
            "医疗机构",
            "票据日期",
            "票据金额",
            "医保已报销",
            "除外金额",
        ]
    )
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile("claims.xlsx", buf.getvalue())


def test_batch_all_or_nothing_with_row_errors(world):
    people = kit.reviewers(world)
    a, b = kit.member(world), kit.member(world)
    day = kit.event_day().isoformat()
    good = [a.member_no, "住院医疗", day, "本人", "", "", "骨折", "BATCH-1", "宁波市第一医院", day, "8000", "2000", "0"]
    bad = [b.member_no, "住院医疗", day, "配偶", "", "", "骨折", "BATCH-2", "宁波市第一医院", day, "8000", "2000", "0"]
    dup = [b.member_no, "住院医疗", day, "本人", "", "", "骨折", "BATCH-1", "宁波市第一医院", day, "100", "0", "0"]
    client = login(Client(), people.clerk)
    response = client.post(reverse("mutual_aid:claim_batch"), data={"upload": _sheet([good, bad, dup])})
    text = response.content.decode()
    assert response.status_code == 200
    assert "就医人姓名" in text
    assert "已被申请过" in text
    assert '<td class="num">3</td>' in text
    assert '<td class="num">4</td>' in text
    assert not Claim.objects.filter(member__in=[a, b]).exists()
    assert not ClaimBatch.objects.exists()
    response = client.post(reverse("mutual_aid:claim_batch"), data={"upload": _sheet([good])})
    assert response.status_code == 302
    claim = Claim.objects.get(member=a)
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.batch is not None
    assert claim.computed == Decimal("2500.00")  # 8,000 − 2,000 − 1,000 = 5,000 × 50%
    template = client.get(reverse("mutual_aid:claim_batch_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_batch_and_new_pages_matrix(world):
    http_matrix(
        world, MANAGE_CLAIMS, "get", reverse("mutual_aid:claim_batch"), allowed=("same_with", "ancestor", "sibling")
    )
    http_matrix(
        world, MANAGE_CLAIMS, "get", reverse("mutual_aid:claim_new"), allowed=("same_with", "ancestor", "sibling")
    )


def test_api_create_and_detail_with_calculation(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    client = login(Client(), people.clerk)
    response = client.post(
        reverse("v1:mutual-aid-claims-list"),
        data={
            "member": who.pk,
            "kind": "hospital",
            "event_on": kit.event_day().isoformat(),
            "illness": "肺炎",
            "invoices": [
                {"invoice_no": "API-1", "hospital": "医院", "issued_on": kit.event_day().isoformat(), "amount": "3000"}
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.claimed_total == Decimal("3000.00")
    assert claim.on_behalf
    kit.documents(people.clerk, claim)
    services.claim_submit(actor=people.clerk, claim=claim)
    detail = login(Client(), world.actor("same_with", VIEW_MUTUAL_AID)).get(
        reverse("v1:mutual-aid-claims-detail", args=[claim.pk])
    )
    body = detail.json()
    assert body["computed"] == "1000.00"
    assert body["calculation"][-1]["label"] == "应付给付金额"
    assert "肺炎" not in detail.content.decode()
    http_matrix(
        world,
        VIEW_MUTUAL_AID,
        "get",
        reverse("v1:mutual-aid-claims-detail", args=[claim.pk]),
    )


def test_api_create_and_list_matrix(world):
    from gonghui.members.tests.factories import MemberFactory
    from gonghui.mutual_aid.claims.tests import factories

    who = MemberFactory.create(unit=world.target, name="钱矩阵")
    plan = kit.the_plan(world)
    factories.enrol(world.target, plan, [who], covered_from=plan.starts_on, first_time=False)
    body = {"member": who.pk, "kind": "hospital", "event_on": kit.event_day().isoformat(), "illness": "肺炎"}
    http_matrix(
        world,
        MANAGE_CLAIMS,
        "post",
        reverse("v1:mutual-aid-claims-list"),
        data=body,
        json=True,
        state=lambda w: Claim.objects.count(),
    )
    http_matrix(
        world,
        VIEW_MUTUAL_AID,
        "get",
        reverse("v1:mutual-aid-claims-list"),
        allowed=("same_with", "ancestor", "sibling"),
    )


def test_pay_page_matrix(world):
    _who, claim = _submitted(world)
    http_matrix(
        world,
        DECIDE_CLAIMS,
        "post",
        reverse("mutual_aid:claim_pay", args=[claim.pk]),
        state=lambda w: Claim.objects.get(pk=claim.pk).payment_key,
    )


def test_portal_tile_and_console_panel(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    kit.submitted(world, who, "10000")
    home = login(Client(), kit.u(who)).get(reverse("portal:home")).content.decode()
    assert reverse("mutual_aid_portal:claim_list") in home
    uncovered = kit.member(world, covered=False)
    assert reverse("mutual_aid_portal:claim_list") not in login(Client(), kit.u(uncovered)).get("/").content.decode()
    console = login(Client(), people.grassroots).get("/console/").content.decode()
    assert "互助保障给付待审核" in console
