"""Every status machine of finance: each move its table holds is made, and moves it does not hold are refused with
the message and code the services have always answered with."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.services import BANK_LINE, RECEIPT
from gonghui.finance.audits.services import AUDIT, AUDIT_ACTIONS, FINDING, RECTIFICATION
from gonghui.finance.budgets.services import BUDGET
from gonghui.finance.dues.services import DUES_RECEIPT
from gonghui.finance.ledger.services import PERIOD, VOUCHER
from gonghui.finance.models import (
    AuditStatus,
    BudgetStatus,
    FindingStatus,
    LineStatus,
    PaymentStatus,
    PeriodStatus,
    ReceiptStatus,
    RectificationStatus,
    VoucherStatus,
)
from gonghui.finance.payments.services import PAYMENT

MACHINES = {
    "voucher": VOUCHER,
    "period": PERIOD,
    "payment": PAYMENT,
    "audit": AUDIT,
    "finding": FINDING,
    "rectification": RECTIFICATION,
    "budget": BUDGET,
    "allocation_receipt": RECEIPT,
    "bank_line": BANK_LINE,
    "dues_receipt": DUES_RECEIPT,
}


def _moves(machine: StateMachine) -> list[tuple[str, str, str]]:
    return [(src, action, to) for (src, action), targets in sorted(machine.table.items()) for to in sorted(targets)]


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_move_of_the_table_is_made(name):
    machine = MACHINES[name]
    for src, action, to in _moves(machine):
        obj = SimpleNamespace(status=src)
        assert machine.move(obj, action) == (src, to)
        assert obj.status == to


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_other_move_is_refused_and_leaves_the_status(name):
    machine = MACHINES[name]
    actions = {action for _src, action in machine.table}
    for status in machine.statuses():
        for action in actions - machine.actions_from(status):
            obj = SimpleNamespace(status=status)
            with pytest.raises(ValidationError):
                machine.move(obj, action)
            assert obj.status == status


def _refusal(machine: StateMachine, status: str, action: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        machine.check(status, action)
    return caught.value


@pytest.mark.parametrize(
    ("machine", "status", "action", "message", "code"),
    [
        (VOUCHER, VoucherStatus.POSTED, "void", "凭证当前状态为“已记账”，不能执行该操作。", "stale"),
        (VOUCHER, VoucherStatus.DRAFT, "approve", "凭证当前状态为“草稿”，不能执行该操作。", "stale"),
        (VOUCHER, VoucherStatus.VOIDED, "post", "凭证当前状态为“已作废”，不能执行该操作。", "stale"),
        (PERIOD, PeriodStatus.CLOSED, "close", "该期间已结账。", "closed"),
        (PAYMENT, PaymentStatus.PAID, "approve", "支付申请当前状态为“已支付”，不能执行该操作。", "stale"),
        (PAYMENT, PaymentStatus.REJECTED, "reject", "支付申请当前状态为“已驳回”，不能执行该操作。", "stale"),
        (PAYMENT, PaymentStatus.REQUESTED, "pay", "支付申请当前状态为“待审批”，不能执行该操作。", "stale"),
        (AUDIT, AuditStatus.CLOSED, "start", "审计项目当前状态为“已办结”，不能执行该操作。", "stale"),
        (AUDIT, AuditStatus.REPORTED, "cancel", "审计项目当前状态为“已出具报告”，不能执行该操作。", "stale"),
        (FINDING, FindingStatus.CLOSED, "rectify", "该问题已整改验收。", "stale"),
        (RECTIFICATION, RectificationStatus.ACCEPTED, "reply", "整改通知当前状态为“已验收”，不能回复。", "stale"),
        (RECTIFICATION, RectificationStatus.ISSUED, "accept", "只有已回复的整改通知可以验收或退回。", "stale"),
        (RECTIFICATION, RectificationStatus.RETURNED, "return", "只有已回复的整改通知可以验收或退回。", "stale"),
        (
            BUDGET,
            BudgetStatus.APPROVED,
            "submit",
            "预算当前状态为“已批复”，不能修改；已批复的预算请另行调整。",
            "locked",
        ),
        (BUDGET, BudgetStatus.DRAFT, "approve", "该预算不在审批中。", "stale"),
        (RECEIPT, ReceiptStatus.POSTED, "confirm", "该笔到账已处理。", "stale"),
        (RECEIPT, ReceiptStatus.CANCELLED, "cancel", "只有待确认的到账可以撤销。", "stale"),
        (BANK_LINE, LineStatus.RECORDED, "record", "该行已处理。", "stale"),
        (BANK_LINE, LineStatus.DISMISSED, "dismiss", "该行已处理。", "stale"),
        (DUES_RECEIPT, ReceiptStatus.POSTED, "confirm", "该笔收款已处理。", "stale"),
        (DUES_RECEIPT, ReceiptStatus.CANCELLED, "cancel", "只有待确认的收款可以撤销。", "stale"),
    ],
)
def test_a_refused_move_answers_the_services_message(machine, status, action, message, code):
    refusal = _refusal(machine, status, action)
    assert refusal.messages == [message]
    assert refusal.code == code


def test_the_audit_actions_are_the_ones_its_page_offers():
    assert {"start", "report", "close", "cancel"} == AUDIT_ACTIONS
