"""URL sweep resolvers of the books: objects in ``world.target``'s own books (a district federation), named with
``CANARY`` so that a page leaking them to the sibling union is caught."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.models import User
from gonghui.attachments.models import Attachment
from gonghui.attachments.services import attachment_add
from gonghui.authz.testing import CANARY, World
from gonghui.finance.ledger.attachments import INVOICE
from gonghui.finance.ledger.services import voucher_create
from gonghui.finance.models import Account, Ledger, Period, Voucher
from gonghui.finance.tests.factories import books, lines, posted, staff

PDF = b"%PDF-1.4\n% CANARY test scan\n%%EOF\n"


@dataclass
class TargetBooks:
    ledger: Ledger
    preparer: User
    reviewer: User
    posted: Voucher
    draft: Voucher
    attachment: Attachment


def target_books(world: World) -> TargetBooks:
    """``world.target``'s books with a posted voucher and a draft carrying a scan (built once per world)."""
    cached: TargetBooks | None = getattr(world, "_finance_target_books", None)
    if cached is not None:
        return cached
    existing = Ledger.objects.filter(unit=world.target).first()  # another module's kit may have opened them
    if existing is None:
        ledger, preparer, reviewer = books(world.target, opened_on=date(2026, 1, 1))
    else:
        ledger, preparer, reviewer = existing, staff(world.target), staff(world.target)
    done = posted(ledger, preparer, reviewer, date(2026, 1, 10), "1200.00", summary=f"会费收入{CANARY}")
    draft = voucher_create(
        actor=preparer,
        ledger=ledger,
        day=date(2026, 1, 12),
        summary=f"购买慰问品{CANARY}",
        lines=lines(ledger, ("5101", "300.00", ""), ("1002", "", "300.00")),
    )
    scan = attachment_add(
        actor=preparer,
        owner=draft,
        upload=SimpleUploadedFile(f"发票{CANARY}.pdf", PDF, content_type="application/pdf"),
        purpose=INVOICE,
    )
    built = TargetBooks(ledger=ledger, preparer=preparer, reviewer=reviewer, posted=done, draft=draft, attachment=scan)
    world._finance_target_books = built  # type: ignore[attr-defined]
    return built


def _period(world: World) -> int:
    return Period.objects.filter(ledger=target_books(world).ledger).order_by("year", "month").first().pk  # type: ignore[union-attr]


def _account(world: World) -> int:
    return Account.objects.get(ledger=target_books(world).ledger, code="1002").pk


# ``attachment_id`` also resolves the kernel's ``attachments:file`` and ``attachments:remove``: a voucher scan is a
# private attachment, seen by those who read the books (the province's audit committee included).
RESOLVERS: dict[str, Any] = {
    "ledger_id": lambda world: target_books(world).ledger.pk,
    "period_id": _period,
    "account_id": _account,
    "voucher_id": lambda world: target_books(world).posted.pk,
    "attachment_id": lambda world: target_books(world).attachment.pk,
}

# Pages that need a bookkeeping permission (held only at the union itself) to open.
LOCAL_ONLY: set[str] = {
    "finance:account_create",
    "finance:account_edit",
    "finance:voucher_create",
    "finance:voucher_edit",
    "finance:voucher_line_row",
}
