"""Allocation pages and API: authorization matrix, bank-statement import matching, arrears export, query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.finance.allocation.services import bank_line_dismiss, bank_line_record, bank_statement_upload
from gonghui.finance.models import AllocationDeclaration, AllocationReceipt, BankStatementLine, LineStatus
from gonghui.finance.permissions import MANAGE_ALLOCATION, VIEW_ALLOCATION
from gonghui.finance.tests.allocation_kit import clerks, declaration, employer, open_books

pytestmark = pytest.mark.django_db
WITH_SIBLING = ("sibling", "same_with", "ancestor")
D = Decimal
CODE_A = "91330106MA2B3C4D5E"
CODE_B = "91330106MA2B3C4D6F"


def _valid_code(seed: str) -> str:
    from stdnum.cn import uscc

    body = seed[:17]
    return body + uscc.calc_check_digit(body)


@pytest.mark.parametrize(
    "name",
    [
        "finance:allocation_list",
        "finance:allocation_receipts",
        "finance:allocation_arrears",
        "finance:allocation_statements",
        "finance:allocation_arrears_export",
    ],
)
def test_list_pages_matrix(world, name):
    declaration(world)
    responses = http_matrix(
        world, VIEW_ALLOCATION, "get", reverse(name) + "?as_of=2026-12-31&status=", allowed=WITH_SIBLING
    )
    if name == "finance:allocation_arrears_export":
        texts = {
            who: " ".join(str(c.value) for row in load_workbook(io.BytesIO(responses[who].content)).active for c in row)
            for who in ("sibling", "same_with")
        }
    else:
        texts = {who: responses[who].content.decode() for who in ("sibling", "same_with")}
    if name != "finance:allocation_statements":
        assert CANARY in texts["same_with"]
    assert CANARY not in texts["sibling"]


def test_declare_page_matrix(world):
    emp = employer(world.child)
    http_matrix(
        world,
        MANAGE_ALLOCATION,
        "post",
        reverse("finance:allocation_declare"),
        data={"employer": emp.pk, "month": "2026-03", "payroll": "50000.00", "headcount": "10"},
        state=lambda w: AllocationDeclaration.objects.count(),
        ok_statuses=(302,),
    )


def test_detail_and_record_receipt_matrix(world):
    decl = declaration(world)
    url = reverse("finance:allocation_detail", args=[decl.pk])
    http_matrix(world, VIEW_ALLOCATION, "get", url)
    http_matrix(
        world,
        MANAGE_ALLOCATION,
        "post",
        url,
        data={"amount": "100.00", "received_on": "2026-03-01", "reference": "X1"},
        state=lambda w: AllocationReceipt.objects.count(),
        ok_statuses=(302,),
    )


def test_confirm_page_matrix(world):
    open_books(world.child)
    decl = declaration(world)
    recorder = world.staff("rec", world.city, [MANAGE_ALLOCATION, VIEW_ALLOCATION])
    from gonghui.finance.allocation.services import allocation_receipt_record

    receipt = allocation_receipt_record(actor=recorder, declaration=decl, amount="10.00", received_on=date(2026, 3, 1))
    http_matrix(
        world,
        MANAGE_ALLOCATION,
        "post",
        reverse("finance:allocation_receipt_confirm", args=[receipt.pk]),
        state=lambda w: AllocationReceipt.objects.get(pk=receipt.pk).status,
        ok_statuses=(302,),
    )


def test_bank_statement_matching_and_unmatched_lines(world):
    open_books(world.child)
    recorder, confirmer = clerks(world)
    code_a, code_b = _valid_code(CODE_A), _valid_code(CODE_B)
    a = employer(world.child, credit_code=code_a)
    b = employer(world.child, credit_code=code_b)
    decl_a = declaration(world, emp=a, payroll="100000.00")  # 2,000.00
    declaration(world, emp=b, payroll="50000.00")  # 1,000.00
    body = (
        "交易日期,对方户名,统一社会信用代码,贷方金额,交易流水号\n"
        f'2026-03-10,甲公司,{code_a},"2,000.00",R1\n'
        f"2026-03-11,乙公司,{code_b},999.00,R2\n"
        "2026-03-12,丙公司,91330000000000000X,10.00,R3\n"
        f"2026-03-12,甲公司,{code_a},abc,R4\n"
    )
    upload = SimpleUploadedFile("流水.csv", body.encode("gb18030"), content_type="text/csv")
    statement = bank_statement_upload(actor=recorder, unit=world.target, upload=upload)
    lines = {x.row: x for x in statement.lines.all()}
    assert lines[2].status == LineStatus.MATCHED
    assert lines[2].declaration_id == decl_a.pk
    assert lines[3].status == LineStatus.UNMATCHED
    assert "金额" in lines[3].problem
    assert lines[4].status == LineStatus.UNMATCHED
    assert "没有信用代码" in lines[4].problem
    assert lines[5].status == LineStatus.UNMATCHED
    assert "金额格式" in lines[5].problem
    receipt = bank_line_record(actor=recorder, line=lines[2])
    assert (receipt.amount, receipt.reference, receipt.method) == (D("2000.00"), "R1", "bank")
    # A human matches the 999.00 line to b's declaration (a partial payment) and dismisses the stranger's.
    decl_b = AllocationDeclaration.objects.get(employer=b)
    bank_line_record(actor=recorder, line=lines[3], declaration=decl_b)
    bank_line_dismiss(actor=recorder, line=lines[4], note="非本单位款项")
    assert set(BankStatementLine.objects.values_list("status", flat=True)) == {"recorded", "dismissed", "unmatched"}
    from gonghui.finance.allocation.services import allocation_receipt_confirm

    allocation_receipt_confirm(actor=confirmer, receipt=receipt)
    assert AllocationDeclaration.objects.get(pk=decl_a.pk).paid == D("2000.00")


def test_statement_upload_page_refuses_a_sibling_unit(world):
    sibling_unit = world.sibling
    client = login(Client(), world.actor("same_with", MANAGE_ALLOCATION))
    upload = SimpleUploadedFile("x.csv", "金额,统一社会信用代码\n1.00,X\n".encode(), content_type="text/csv")
    response = client.post(reverse("finance:allocation_statements"), {"unit": sibling_unit.pk, "file": upload})
    assert response.status_code == 404  # a union outside the actor's subtree
    assert not BankStatementLine.objects.exists()


def test_arrears_export_has_numbers(world):
    decl = declaration(world)  # 2,000.00 due 2026-02-16 (2-15 is a Sunday; no holiday rows here)
    assert decl.due_on == date(2026, 2, 16)
    client = login(Client(), world.actor("same_with", VIEW_ALLOCATION))
    response = client.get(reverse("finance:allocation_arrears_export") + "?as_of=2026-03-18")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [c.value for c in sheet[3]]
    # 2-17..3-18 = 12 + 18 = 30 days × 2,000.00 × 0.0005 = 30.00
    assert row[5] == 2000
    assert row[7] == 30
    assert row[9] == 30
    assert sheet.cell(row=3, column=10).number_format == "#,##0.00"


def test_api_matrix_and_arrears_figures(world):
    declaration(world)
    responses = http_matrix(world, VIEW_ALLOCATION, "get", reverse("v1:finance-allocations-list"), allowed=WITH_SIBLING)
    assert responses["sibling"].json()["results"] == []
    responses = http_matrix(
        world, VIEW_ALLOCATION, "get", reverse("v1:finance-arrears-list") + "?as_of=2026-03-18", allowed=WITH_SIBLING
    )
    assert responses["sibling"].json()["results"] == []
    (row,) = responses["same_with"].json()["results"]
    assert (row["outstanding"], row["days_late"], row["late_charge"]) == ("2000.00", 30, "30.00")


def test_list_queries_are_pinned(world, django_assert_max_num_queries):
    for _ in range(6):
        declaration(world)
    client = login(Client(), world.actor("same_with", VIEW_ALLOCATION))
    client.get(reverse("finance:allocation_list"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("finance:allocation_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("finance:allocation_arrears") + "?as_of=2026-12-31").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("v1:finance-allocations-list")).status_code == 200


def test_the_unit_filter_is_a_search_by_name(world):
    """Issue 13: the 工会 filter of the allocation and dues lists is the kernel picker, not a select of units."""
    from gonghui.finance.permissions import VIEW_DUES

    declaration(world)
    client = login(Client(), world.staff("fin", world.target, [VIEW_ALLOCATION, VIEW_DUES]))
    for name in ("finance:allocation_list", "finance:allocation_arrears", "finance:dues_status"):
        body = client.get(reverse(name)).content.decode()
        assert 'name="unit_q"' in body, name
        assert '<select name="unit"' not in body, name
    body = client.get(reverse("finance:allocation_list"), {"unit_q": "矩阵"}).content.decode()
    assert f"矩阵基层工会{CANARY} · 矩阵区总工会{CANARY}" in body  # several: offered with their parents
    assert client.get(reverse("finance:allocation_list"), {"unit": world.sibling.pk}).status_code == 404
    search = client.get(reverse("finance:dues_unit_search"), {"field": "unit", "unit_q": "矩阵"}).content.decode()
    assert f'value="{world.child.pk}"' in search
    assert f'value="{world.city.pk}"' not in search
