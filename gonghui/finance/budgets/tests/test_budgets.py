"""Budgets: preparation, approval by the level above through the review kernel, revision, budget control
(off / warn / block) on voucher submission and payment requests, budget vs actual, pages and API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.authz.testing import http_matrix, login, service_matrix
from gonghui.finance.budgets import selectors
from gonghui.finance.budgets.selectors import budget_vs_actual
from gonghui.finance.budgets.services import (
    budget_check,
    budget_create,
    budget_decide,
    budget_lines_save,
    budget_revise,
    budget_submit,
)
from gonghui.finance.ledger.services import voucher_create, voucher_submit
from gonghui.finance.models import Account, Budget, BudgetStatus, Ledger, PaymentEvent, VoucherEvent, VoucherStatus
from gonghui.finance.payments.services import payment_request
from gonghui.finance.permissions import (
    APPROVE_BUDGET,
    AUDIT_BOOKS,
    PREPARE_BUDGET,
    VIEW_BOOKS,
)
from gonghui.finance.tests.factories import BOOKKEEPER_PERMS, account, books, lines, posted, staff
from gonghui.orgs.permissions import VIEW_UNIT
from gonghui.policy.tests.factories import PolicyRecordFactory
from gonghui.review.models import CaseStatus, ReviewCase
from gonghui.review.permissions import VIEW_CASE

pytestmark = pytest.mark.django_db

PREPARER_PERMS = (*BOOKKEEPER_PERMS, PREPARE_BUDGET, VIEW_CASE)


def _prepared(world, *, amounts=None, year=2026):
    ledger = Ledger.objects.filter(unit=world.target).first() or books(world.target)[0]
    preparer = staff(world.target, PREPARER_PERMS)
    budget = budget_create(actor=preparer, ledger=ledger, year=year, note="年度预算")
    amounts = amounts or {"520101": "1000.00", "5001": "5000.00", "4001": "8000.00"}
    budget_lines_save(
        actor=preparer, budget=budget, amounts={account(ledger, c): Decimal(v) for c, v in amounts.items()}
    )
    return ledger, preparer, budget


def _city_approver(world):
    return staff(world.city, (APPROVE_BUDGET, VIEW_CASE, VIEW_UNIT))


def _approved(world, **kwargs):
    ledger, preparer, budget = _prepared(world, **kwargs)
    budget_submit(actor=preparer, budget=budget)
    budget_decide(
        actor=_city_approver(world), budget=Budget.objects.get(pk=budget.pk), action="approve", comment="同意"
    )
    return ledger, preparer, Budget.objects.get(pk=budget.pk)


def test_the_districts_budget_is_approved_at_the_city_through_the_review_kernel(world):
    ledger, preparer, budget = _prepared(world)
    budget = budget_submit(actor=preparer, budget=budget)
    assert budget.status == BudgetStatus.IN_REVIEW
    assert budget.review_case_id is not None
    case = ReviewCase.objects.get(pk=budget.review_case_id)
    assert case.process.code == "finance.budget"
    assert case.current_unit == world.city, "the level above acts"

    district_chair = staff(world.target, (APPROVE_BUDGET, VIEW_CASE, VIEW_BOOKS, VIEW_UNIT))
    with pytest.raises(PermissionDenied):
        budget_decide(actor=district_chair, budget=budget, action="approve")

    approved = budget_decide(actor=_city_approver(world), budget=budget, action="approve", comment="同意")
    assert approved.status == BudgetStatus.APPROVED
    assert approved.review_comment == "同意"
    assert ReviewCase.objects.get(pk=case.pk).status == CaseStatus.APPROVED
    assert [e.action for e in approved.events.all()] == ["create", "submit", "approve"]

    with pytest.raises(ValidationError):
        budget_lines_save(actor=preparer, budget=approved, amounts={account(ledger, "5001"): Decimal("1.00")})


def test_a_returned_budget_is_edited_and_resubmitted_and_a_rejection_keeps_its_reason(world):
    ledger, preparer, budget = _prepared(world)
    approver = _city_approver(world)
    budget = budget_submit(actor=preparer, budget=budget)
    returned = budget_decide(actor=approver, budget=budget, action="return", comment="职工活动支出偏高")
    assert returned.status == BudgetStatus.RETURNED
    assert returned.review_comment == "职工活动支出偏高"
    budget_lines_save(actor=preparer, budget=returned, amounts={account(ledger, "5001"): Decimal("3000.00")})
    again = budget_submit(actor=preparer, budget=returned)
    assert again.status == BudgetStatus.IN_REVIEW
    assert again.review_case_id == returned.review_case_id, "the same review case goes back to the city"
    with pytest.raises(ValidationError):
        budget_decide(actor=approver, budget=again, action="reject", comment="")
    rejected = budget_decide(actor=approver, budget=again, action="reject", comment="不符合规定")
    assert rejected.status == BudgetStatus.REJECTED
    assert rejected.review_comment == "不符合规定"


def test_a_revision_is_a_new_version_approved_again_and_supersedes_the_old_one(world):
    ledger, preparer, v1 = _approved(world)
    v2 = budget_revise(actor=preparer, budget=v1)
    assert (v2.version, v2.status, v2.revises_id) == (2, BudgetStatus.DRAFT, v1.pk)
    assert v2.lines.count() == v1.lines.count()
    with pytest.raises(ValidationError):
        budget_revise(actor=preparer, budget=v1)
    budget_lines_save(actor=preparer, budget=v2, amounts={account(ledger, "520101"): Decimal("9000.00")})
    budget_submit(actor=preparer, budget=v2)
    budget_decide(actor=_city_approver(world), budget=Budget.objects.get(pk=v2.pk), action="approve")
    assert Budget.objects.get(pk=v1.pk).status == BudgetStatus.SUPERSEDED
    assert Budget.objects.get(pk=v2.pk).status == BudgetStatus.APPROVED
    check = budget_check(ledger, account(ledger, "520101"), Decimal("8000.00"), date(2026, 5, 1))
    assert check.remaining == Decimal("9000.00")
    assert not check.exceeded


def test_a_line_on_a_parent_and_on_its_sub_account_is_refused(world):
    ledger, preparer, budget = _prepared(world)
    with pytest.raises(ValidationError):
        budget_lines_save(
            actor=preparer,
            budget=budget,
            amounts={account(ledger, "5201"): Decimal("1.00"), account(ledger, "520101"): Decimal("1.00")},
        )


def _spend_voucher(ledger, preparer, amount, day=date(2026, 4, 10)):
    return voucher_create(
        actor=preparer,
        ledger=ledger,
        day=day,
        summary="困难职工帮扶",
        lines=lines(ledger, ("520101", amount, ""), ("1002", "", amount)),
    )


def _mode(world, mode):
    PolicyRecordFactory(key="finance.budget_control", unit=world.target, value=mode, effective_from=date(2026, 1, 1))


def test_budget_check_counts_posted_entries_and_pending_payments(world):
    ledger, preparer, _budget = _approved(world)
    reviewer = staff(world.target, PREPARER_PERMS)
    posted(ledger, preparer, reviewer, date(2026, 3, 1), "600.00", debit="520101", credit="1002")
    check = budget_check(ledger, account(ledger, "520101"), Decimal("400.00"), date(2026, 3, 2))
    assert (check.remaining, check.exceeded, check.mode) == (Decimal("400.00"), False, "warn")
    assert budget_check(ledger, account(ledger, "520101"), Decimal("400.01"), date(2026, 3, 2)).exceeded
    _mode(world, "off")
    payment_request(
        actor=preparer,
        ledger=ledger,
        idempotency_key="k-1",
        source="test:1",
        purpose="帮扶",
        amount="300.00",
        expense_account=account(ledger, "520101"),
        payee_name="王某",
    )
    _mode_block = PolicyRecordFactory(
        key="finance.budget_control", unit=world.target, value="block", effective_from=date(2026, 2, 1)
    )
    del _mode_block
    check = budget_check(ledger, account(ledger, "520101"), Decimal("100.00"), date(2026, 3, 2))
    assert check.remaining == Decimal("100.00"), "600 posted + 300 requested of 1,000"
    assert not check.exceeded
    # An expense account with no line in the approved budget has nothing left.
    assert budget_check(ledger, account(ledger, "520102"), Decimal("0.01"), date(2026, 3, 2)).exceeded
    # A year without an approved budget is not checked.
    assert budget_check(ledger, account(ledger, "520101"), Decimal("1e6"), date(2027, 3, 2)).remaining is None


def test_control_off_lets_an_overspending_voucher_through_silently(world):
    ledger, preparer, _b = _approved(world)
    _mode(world, "off")
    voucher = voucher_submit(actor=preparer, voucher=_spend_voucher(ledger, preparer, "5000.00"))
    assert voucher.status == VoucherStatus.SUBMITTED
    assert VoucherEvent.objects.get(voucher=voucher, action="submit").comment == ""


def test_control_warn_records_the_warning_on_the_submit_event(world):
    ledger, preparer, _b = _approved(world)
    _mode(world, "warn")
    within = voucher_submit(actor=preparer, voucher=_spend_voucher(ledger, preparer, "900.00"))
    assert VoucherEvent.objects.get(voucher=within, action="submit").comment == ""
    voucher = voucher_submit(actor=preparer, voucher=_spend_voucher(ledger, preparer, "150.00"))
    assert voucher.status == VoucherStatus.SUBMITTED, "warn lets it pass"
    comment = VoucherEvent.objects.get(voucher=voucher, action="submit").comment
    assert "预算提醒" in comment
    assert "520101" in comment
    assert "剩余 100.00 元" in comment, "1,000 budgeted less 900 on its way"


def test_control_block_refuses_the_voucher_and_the_payment_naming_account_and_remaining(world):
    ledger, preparer, _b = _approved(world)
    _mode(world, "block")
    voucher = _spend_voucher(ledger, preparer, "1000.01")
    with pytest.raises(ValidationError) as info:
        voucher_submit(actor=preparer, voucher=voucher)
    message = " ".join(info.value.messages)
    assert "超预算" in message
    assert "困难职工帮扶支出" in message
    assert "1,000.00" in message
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.DRAFT
    with pytest.raises(ValidationError):
        payment_request(
            actor=preparer,
            ledger=ledger,
            idempotency_key="blocked-1",
            source="test:2",
            purpose="帮扶",
            amount="1200.00",
            expense_account=account(ledger, "520101"),
            payee_name="李某",
        )
    ok, created = payment_request(
        actor=preparer,
        ledger=ledger,
        idempotency_key="fits-1",
        source="test:3",
        purpose="帮扶",
        amount="1000.00",
        expense_account=account(ledger, "520101"),
        payee_name="李某",
    )
    assert created
    assert PaymentEvent.objects.get(payment=ok).comment == ""


def test_control_warn_on_a_payment_request_writes_the_event_comment(world):
    ledger, preparer, _b = _approved(world)
    payment, created = payment_request(
        actor=preparer,
        ledger=ledger,
        idempotency_key="warn-1",
        source="test:4",
        purpose="帮扶",
        amount="1500.00",
        expense_account=account(ledger, "520101"),
        payee_name="赵某",
    )
    assert created
    assert "预算提醒" in PaymentEvent.objects.get(payment=payment).comment


def test_budget_vs_actual_reads_posted_entries_by_line(world):
    ledger, preparer, budget = _approved(world)
    reviewer = staff(world.target, PREPARER_PERMS)
    posted(ledger, preparer, reviewer, date(2026, 3, 1), "250.00", debit="520101", credit="1002")
    posted(ledger, preparer, reviewer, date(2026, 3, 1), "2000.00", debit="1002", credit="4001")
    report = budget_vs_actual(actor=preparer, budget=budget)
    by_code = {r.account.code: r for r in report.expense + report.income}
    assert by_code["520101"].actual == Decimal("250.00")
    assert by_code["520101"].remaining == Decimal("750.00")
    assert by_code["520101"].rate == Decimal("25.0")
    assert by_code["520101"].category == "维权支出"
    assert by_code["4001"].actual == Decimal("2000.00")
    assert report.expense_budgeted == Decimal("6000.00")


# --- authorization matrices ------------------------------------------------------------------------------------


def test_budget_create_matrix(world):
    ledger, _p, _r = books(world.target)
    service_matrix(
        world,
        PREPARE_BUDGET,
        act=lambda actor, w: budget_create(actor=actor, ledger=ledger, year=2027),
        state=lambda w: Budget.objects.count(),
        allowed=("same_with",),
    )


def test_budget_lines_save_and_submit_matrices(world):
    ledger, _preparer, budget = _prepared(world)
    acct = Account.objects.get(ledger=ledger, code="5001")
    service_matrix(
        world,
        PREPARE_BUDGET,
        act=lambda actor, w: budget_lines_save(actor=actor, budget=budget, amounts={acct: Decimal("1.00")}),
        state=lambda w: list(budget.lines.values_list("account__code", "amount")),
        allowed=("same_with",),
    )
    service_matrix(
        world,
        PREPARE_BUDGET,
        act=lambda actor, w: budget_submit(actor=actor, budget=budget),
        state=lambda w: Budget.objects.get(pk=budget.pk).status,
        allowed=("same_with",),
    )


def test_budget_decide_matrix_only_the_level_above(world):
    _ledger, preparer, budget = _prepared(world)
    budget_submit(actor=preparer, budget=budget)
    service_matrix(
        world,
        APPROVE_BUDGET,
        act=lambda actor, w: budget_decide(actor=actor, budget=Budget.objects.get(pk=budget.pk), action="approve"),
        state=lambda w: Budget.objects.get(pk=budget.pk).status,
        allowed=("ancestor",),
        strict_kind=False,
    )


def test_budget_pages_matrix(world):
    _ledger, _preparer, budget = _approved(world)
    http_matrix(
        world,
        VIEW_BOOKS,
        "get",
        reverse("finance:budget_detail", kwargs={"budget_id": budget.pk}),
        also_without=(AUDIT_BOOKS, APPROVE_BUDGET),
    )
    responses = http_matrix(
        world,
        VIEW_BOOKS,
        "get",
        reverse("finance:budget_export", kwargs={"budget_id": budget.pk}),
        also_without=(AUDIT_BOOKS, APPROVE_BUDGET),
    )
    wb = load_workbook(BytesIO(responses["same_with"].content))
    values = [c.value for row in wb.active.iter_rows() for c in row]
    assert Decimal("1000.00") in values
    assert "520101" in values
    money_cells = [c for row in wb.active.iter_rows() for c in row if c.value == Decimal("1000.00")]
    assert all(c.number_format == "#,##0.00" for c in money_cells)


def test_budget_edit_and_submit_pages_matrix(world):
    ledger, _preparer, budget = _prepared(world)
    acct = Account.objects.get(ledger=ledger, code="5001")
    http_matrix(
        world,
        PREPARE_BUDGET,
        "post",
        reverse("finance:budget_edit", kwargs={"budget_id": budget.pk}),
        data={f"acct_{acct.pk}": "123.45", "note": "改"},
        state=lambda w: list(budget.lines.values_list("account__code", "amount")),
        allowed=("same_with",),
    )
    http_matrix(
        world,
        PREPARE_BUDGET,
        "post",
        reverse("finance:budget_submit", kwargs={"budget_id": budget.pk}),
        state=lambda w: Budget.objects.get(pk=budget.pk).status,
        allowed=("same_with",),
    )


def test_budget_decide_page_by_the_city(world, client):
    _ledger, preparer, budget = _prepared(world)
    budget_submit(actor=preparer, budget=budget)
    approver = _city_approver(world)
    login(client, approver)
    page = client.get(reverse("finance:budget_detail", kwargs={"budget_id": budget.pk}))
    assert page.status_code == 200
    assert "上级审批" in page.content.decode()
    response = client.post(
        reverse("finance:budget_decide", kwargs={"budget_id": budget.pk}), {"action": "approve", "comment": "同意"}
    )
    assert response.status_code == 302
    assert Budget.objects.get(pk=budget.pk).status == BudgetStatus.APPROVED


def test_budget_list_query_count_is_pinned(world, django_assert_max_num_queries):
    _ledger, preparer, _budget = _prepared(world)
    for year in (2027, 2028, 2029):
        budget_create(actor=preparer, ledger=_ledger, year=year)
    client = login(Client(), preparer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("finance:budget_list"))
    assert response.status_code == 200
    assert response.content.decode().count("finance/budgets/") >= 4


def test_budget_api_reads_in_scope(world):
    _ledger, preparer, budget = _approved(world)
    http_matrix(
        world,
        VIEW_BOOKS,
        "get",
        reverse("v1:finance-budget-detail", kwargs={"budget_id": budget.pk}),
        also_without=(AUDIT_BOOKS, APPROVE_BUDGET),
    )
    client = login(Client(), preparer)
    data = client.get(reverse("v1:finance-budget-detail", kwargs={"budget_id": budget.pk})).json()
    line = next(x for x in data["lines"] if x["account_code"] == "520101")
    assert line["budgeted"] == "1000.00"
    assert line["remaining"] == "1000.00"
    listing = client.get(reverse("v1:finance-budget-list")).json()
    assert [b["id"] for b in listing["results"]] == [budget.pk]


def test_the_city_lists_budgets_awaiting_its_approval(world):
    _ledger, preparer, budget = _prepared(world)
    approver = _city_approver(world)
    assert list(selectors.budget_list(actor=approver, awaiting=True)) == []
    budget_submit(actor=preparer, budget=budget)
    assert [b.pk for b in selectors.budget_list(actor=approver, awaiting=True)] == [budget.pk]
    assert list(selectors.budget_list(actor=preparer, awaiting=True)) == [], "the district does not approve its own"
    client = login(Client(), approver)
    body = client.get(reverse("finance:budget_list") + "?awaiting=on").content.decode()
    assert reverse("finance:budget_detail", kwargs={"budget_id": budget.pk}) in body


def test_event_labels_are_readable(world):
    _ledger, _preparer, budget = _approved(world)
    labels = [(e.action_label, e.status_label) for e in budget.events.all()]
    assert labels == [("创建", "编制中"), ("提交上级审批", "待上级审批"), ("批复", "已批复")]


def test_the_gate_costs_two_queries_when_the_year_has_no_approved_budget(world, django_assert_max_num_queries):
    from gonghui.finance.budgets.services import voucher_budget_gate

    ledger, preparer, _budget = _prepared(world)  # a draft budget only
    voucher = _spend_voucher(ledger, preparer, "5000.00")
    with django_assert_max_num_queries(2):
        assert voucher_budget_gate(voucher) == ""


def test_budget_api_list_query_count_is_pinned(world, django_assert_max_num_queries):
    ledger, preparer, _budget = _prepared(world)
    for year in (2027, 2028, 2029, 2030):
        budget_create(actor=preparer, ledger=ledger, year=year)
    client = login(Client(), preparer)
    with django_assert_max_num_queries(8):
        data = client.get(reverse("v1:finance-budget-list")).json()
    assert len(data["results"]) == 5


def test_budget_new_and_revise_pages_matrix(world):
    ledger, _p, _r = books(world.target)
    http_matrix(
        world,
        PREPARE_BUDGET,
        "post",
        reverse("finance:budget_new"),
        data={"ledger": ledger.pk, "year": "2027", "note": "新"},
        state=lambda w: Budget.objects.count(),
        allowed=("same_with",),
    )
    _ledger, _preparer, approved = _approved(world)
    http_matrix(
        world,
        PREPARE_BUDGET,
        "post",
        reverse("finance:budget_revise", kwargs={"budget_id": approved.pk}),
        state=lambda w: Budget.objects.count(),
        allowed=("same_with",),
    )


def test_budget_revise_matrix(world):
    _ledger, _preparer, approved = _approved(world)
    service_matrix(
        world,
        PREPARE_BUDGET,
        act=lambda actor, w: budget_revise(actor=actor, budget=approved),
        state=lambda w: Budget.objects.count(),
        allowed=("same_with",),
    )


def test_budget_decide_page_matrix(world):
    _ledger, preparer, budget = _prepared(world)
    budget_submit(actor=preparer, budget=budget)
    http_matrix(
        world,
        APPROVE_BUDGET,
        "post",
        reverse("finance:budget_decide", kwargs={"budget_id": budget.pk}),
        data={"action": "approve", "comment": "同意"},
        state=lambda w: Budget.objects.get(pk=budget.pk).status,
        allowed=("ancestor",),
    )


def test_vouchers_on_their_way_count_against_the_budget(world):
    ledger, preparer, budget = _approved(world)
    _mode(world, "block")
    voucher_submit(actor=preparer, voucher=_spend_voucher(ledger, preparer, "700.00"))
    check = budget_check(ledger, account(ledger, "520101"), Decimal("300.01"), date(2026, 4, 10))
    assert check.remaining == Decimal("300.00")
    assert check.exceeded
    with pytest.raises(ValidationError):
        voucher_submit(actor=preparer, voucher=_spend_voucher(ledger, preparer, "300.01"))
    row = next(r for r in budget_vs_actual(actor=preparer, budget=budget).expense if r.account.code == "520101")
    assert (row.actual, row.committed, row.remaining) == (Decimal("0.00"), Decimal("700.00"), Decimal("300.00"))


def test_the_review_console_links_the_case_to_the_budget(world):
    _ledger, preparer, budget = _prepared(world)
    budget = budget_submit(actor=preparer, budget=budget)
    client = login(Client(), _city_approver(world))
    body = client.get(reverse("review:case_detail", kwargs={"case_id": budget.review_case_id})).content.decode()
    assert reverse("finance:budget_detail", kwargs={"budget_id": budget.pk}) in body
    assert "2026 年度预算（第 1 版）" in body
