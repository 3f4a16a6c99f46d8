"""Dues pages, API and the portal page: authorization matrix, masking, query counts, export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.finance.dues.services import dues_record, dues_wage_set
from gonghui.finance.models import DuesPayment, DuesReceipt, DuesWage
from gonghui.finance.permissions import MANAGE_DUES, VIEW_DUES
from gonghui.finance.tests.allocation_kit import confirm_dues, employer, open_books
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
WITH_SIBLING = ("sibling", "same_with", "ancestor")


def canary(world, **kwargs):
    return MemberFactory.create(unit=world.child, name=f"王{CANARY}芳", **kwargs)


@pytest.mark.parametrize("name", ["finance:dues_status", "finance:dues_receipts", "finance:dues_export"])
def test_list_pages_matrix(world, name):
    open_books(world.child)
    member = canary(world)
    dues_record(
        actor=world.actor("same_with", MANAGE_DUES),
        member=member,
        months=[date(2026, 1, 1)],
        received_on=date(2026, 2, 1),
        amount="20.00",
    )
    responses = http_matrix(world, VIEW_DUES, "get", reverse(name) + "?month=2026-01&status=", allowed=WITH_SIBLING)
    if name == "finance:dues_export":
        texts = {
            who: " ".join(str(c.value) for row in load_workbook(io.BytesIO(responses[who].content)).active for c in row)
            for who in ("sibling", "same_with")
        }
        assert "20" in texts["same_with"]
    else:
        texts = {who: responses[who].content.decode() for who in ("sibling", "same_with")}
    if name != "finance:dues_receipts":
        assert CANARY in texts["same_with"]
    assert CANARY not in texts["sibling"]
    assert member.member_no not in texts["sibling"]


def test_member_page_matrix_wage_and_pay(world):
    open_books(world.child)
    member = canary(world)
    url = reverse("finance:dues_member", args=[member.pk])
    responses = http_matrix(world, VIEW_DUES, "get", url)
    body = responses["same_with"].content.decode()
    assert member.id_masked in body
    http_matrix(
        world,
        MANAGE_DUES,
        "post",
        url,
        data={"action": "wage", "wage": "5000.00", "declared_on": "2026-01-01"},
        state=lambda w: DuesWage.objects.count(),
        ok_statuses=(302,),
    )
    http_matrix(
        world,
        MANAGE_DUES,
        "post",
        url,
        data={"action": "pay", "first": "2026-01", "last": "2026-03", "amount": "25.00", "received_on": "2026-04-01"},
        state=lambda w: DuesPayment.objects.count(),
        ok_statuses=(302,),
    )


def test_import_and_payroll_pages_matrix(world):
    open_books(world.child)
    emp = employer(world.child)
    member = canary(world, employer=emp)
    dues_wage_set(
        actor=world.actor("same_with", MANAGE_DUES), member=member, wage="5000.00", declared_on=date(2026, 1, 1)
    )

    def upload(w):
        body = f"会员编号,月份,金额\n{member.member_no},2026-05,25.00\n".encode()
        return {
            "unit": w.child.pk,
            "received_on": "2026-06-01",
            "file": SimpleUploadedFile("d.csv", body, content_type="text/csv"),
        }

    http_matrix(
        world,
        MANAGE_DUES,
        "post",
        reverse("finance:dues_import"),
        data=upload,
        state=lambda w: DuesPayment.objects.count(),
        ok_statuses=(302,),
    )
    http_matrix(
        world,
        MANAGE_DUES,
        "post",
        reverse("finance:dues_payroll"),
        data={"employer": emp.pk, "month": "2026-06", "received_on": "2026-06-30"},
        state=lambda w: DuesPayment.objects.count(),
        ok_statuses=(302,),
    )


def test_import_page_shows_row_errors(world):
    open_books(world.child)
    client = login(Client(), world.actor("same_with", MANAGE_DUES))
    body = "会员编号,月份,金额\nNOPE,2026-05,25.00\n".encode()
    response = client.post(
        reverse("finance:dues_import"),
        {
            "unit": world.child.pk,
            "received_on": "2026-06-01",
            "file": SimpleUploadedFile("d.csv", body, content_type="text/csv"),
        },
    )
    assert response.status_code == 200
    assert "没有会员编号为 NOPE 的会员" in response.content.decode()
    assert not DuesReceipt.objects.exists()


def test_receipt_confirm_page_matrix(world):
    open_books(world.child)
    member = canary(world)
    recorder = world.staff("rec", world.city, [MANAGE_DUES, VIEW_DUES])
    receipt = dues_record(
        actor=recorder, member=member, months=[date(2026, 1, 1)], received_on=date(2026, 2, 1), amount="20.00"
    )
    http_matrix(world, VIEW_DUES, "get", reverse("finance:dues_receipt", args=[receipt.pk]))
    http_matrix(
        world,
        MANAGE_DUES,
        "post",
        reverse("finance:dues_receipt_act", args=[receipt.pk]),
        data={"action": "confirm"},
        state=lambda w: DuesReceipt.objects.get(pk=receipt.pk).status,
        ok_statuses=(302,),
    )


def test_api_matrix_masks_names(world):
    open_books(world.child)
    member = canary(world)
    dues_record(
        actor=world.actor("same_with", MANAGE_DUES),
        member=member,
        months=[date(2026, 1, 1)],
        received_on=date(2026, 2, 1),
        amount="20.00",
    )
    responses = http_matrix(
        world, VIEW_DUES, "get", reverse("v1:finance-dues-list") + "?month=2026-01", allowed=WITH_SIBLING
    )
    (row,) = responses["same_with"].json()["results"]
    assert row["amount"] == "20.00"
    assert CANARY not in row["member_name"]
    assert responses["sibling"].json()["results"] == []


def test_portal_my_dues_shows_only_my_own(world):
    open_books(world.child)
    me = User.objects.create_user("13800009999", phone="13800009999", name="王兰芳")
    mine = MemberFactory.create(unit=world.child, user=me)
    other = MemberFactory.create(unit=world.child)
    clerk = world.actor("same_with", MANAGE_DUES)
    receipt = dues_record(
        actor=clerk, member=mine, months=[date(2026, 3, 1)], received_on=date(2026, 3, 5), amount="21.60"
    )
    confirm_dues(world, receipt)
    dues_record(actor=clerk, member=other, months=[date(2026, 3, 1)], received_on=date(2026, 3, 5), amount="99.90")
    client = Client()
    client.force_login(me)
    body = client.get(reverse("finance_portal:my_dues")).content.decode()
    assert "21.60" in body
    assert "2026-03" in body
    assert "已入账" in body
    assert "99.90" not in body
    stranger = Client()
    stranger.force_login(world.member)
    assert "还不是会员" in stranger.get(reverse("finance_portal:my_dues")).content.decode()


def test_status_page_queries_are_pinned(world, django_assert_max_num_queries):
    open_books(world.child)
    clerk = world.actor("same_with", MANAGE_DUES)
    for _ in range(8):
        m = MemberFactory.create(unit=world.child)
        dues_wage_set(actor=clerk, member=m, wage="4321.00", declared_on=date(2026, 1, 1))
    client = login(Client(), world.actor("same_with", VIEW_DUES))
    client.get(reverse("finance:dues_status"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("finance:dues_status") + "?month=2026-01")
    assert "21.60" in response.content.decode()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("v1:finance-dues-list")).status_code == 200


def test_portal_my_dues_query_count_is_pinned(world, django_assert_max_num_queries):
    """P4: the member's own dues page reads a fixed number of queries however many months were paid (session,
    user, member, payments)."""
    open_books(world.child)
    me = User.objects.create_user("13800007777", phone="13800007777", name="赵六")
    mine = MemberFactory.create(unit=world.child, user=me)
    clerk = world.actor("same_with", MANAGE_DUES)
    client = Client()
    client.force_login(me)
    url = reverse("finance_portal:my_dues")
    client.get(url)
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    for month in range(1, 7):
        receipt = dues_record(
            actor=clerk,
            member=mine,
            months=[date(2026, month, 1)],
            received_on=date(2026, month, 5),
            amount="21.60",
        )
        confirm_dues(world, receipt)
    with django_assert_max_num_queries(4):
        body = client.get(url).content.decode()
    assert body.count("2026-0") >= 6
