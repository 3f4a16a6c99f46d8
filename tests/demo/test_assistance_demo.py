"""Demo hardship assistance: an application at every step, the worker's school grant paid through a real household
file (no stand-in payment left), and a second run that changes nothing."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    AnnualReview,
    FileStatus,
    HardshipApplication,
    HardshipStatus,
    HouseholdFile,
    SupportItem,
)
from gonghui.attachments.models import Attachment
from gonghui.audit.models import AuditEvent
from gonghui.audit.verify import verify_chain
from gonghui.common.sources import source_label
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.finance.ledger.selectors import ledger_problems
from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.finance.payments.selectors import my_payments
from gonghui.review.models import CaseStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_hardship_at_every_step():
    tables = (HardshipApplication, HouseholdFile, SupportItem, AnnualReview, Attachment, PaymentRequest, AuditEvent)
    counts = [model.objects.count() for model in tables]
    from gonghui.assistance import demo as module_demo

    module_demo.seed(world())
    assert [model.objects.count() for model in tables] == counts

    statuses = set(HardshipApplication.objects.values_list("status", flat=True))
    assert {HardshipStatus.DRAFT, HardshipStatus.VISITED, HardshipStatus.IN_REVIEW, HardshipStatus.APPROVED} <= statuses
    in_review = HardshipApplication.objects.get(status=HardshipStatus.IN_REVIEW)
    assert in_review.review_case is not None
    assert in_review.review_case.status == CaseStatus.IN_PUBLICITY
    file_statuses = set(HouseholdFile.objects.values_list("status", flat=True))
    assert file_statuses == {FileStatus.ACTIVE, FileStatus.IN_REVIEW, FileStatus.CLOSED}
    visited = HardshipApplication.objects.get(status=HardshipStatus.VISITED)
    assert Attachment.objects.filter(purpose="signed_record", owner_id=visited.visit.pk).exists()

    worker = User.objects.get(phone=data.DEMO_WORKER_PHONE)
    [paid] = [p for p in my_payments(actor=worker) if p.source.startswith("assistance.support:")]
    assert paid.status == PaymentStatus.PAID
    assert source_label(paid.source).startswith("困难帮扶 · 帮扶项目")
    assert not PaymentRequest.objects.filter(source__startswith="demo.hardship").exists()
    assert ledger_problems() == []
    assert verify_chain().ok
