"""The data migrations that copy finance's old file rows onto the kernel's ``Attachment``: voucher scans
(``finance.0009_voucher_attachments_to_kernel``) and funds-audit files (``finance.0011_audit_files_to_kernel``).

Each test puts the old table back for the length of the test (from the migration state the function runs in),
writes old rows with files under ``MEDIA_ROOT``, runs the migration function and checks the kernel's rows (owner,
unit, purpose, sensitive, uploader, hashes), the copied files (random names under the private storage, 0600) and a
row whose file was already gone (kept as ``purged``, no file)."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from gonghui.attachments.models import Attachment
from gonghui.finance.audits.services import (
    audit_plan,
    audit_transition,
    finding_record,
    paper_add,
    rectification_issue,
)
from gonghui.finance.ledger.services import voucher_create
from gonghui.finance.models import AuditPaper, Rectification, Voucher
from gonghui.finance.permissions import AUDIT_BOOKS, MANAGE_AUDIT
from gonghui.finance.tests.factories import books, lines, staff
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))


def _migration(name: str) -> Any:
    return importlib.import_module(f"gonghui.finance.migrations.{name}")


@pytest.fixture
def stores(settings, tmp_path) -> dict[str, Path]:
    media, private = tmp_path / "media", tmp_path / "private"
    settings.MEDIA_ROOT = str(media)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
        },
    }
    return {"media": media, "private": private}


@contextmanager
def _old_table(node: str, model: str) -> Iterator[tuple[Any, Any]]:
    """The historical ``finance.<model>`` at migration ``node`` and the apps to run the function with; its table
    exists for the test only."""
    # The test database is built without migrations (``--no-migrations``): read them for this state.
    with override_settings(MIGRATION_MODULES={}):
        state = MigrationLoader(connection).project_state(("finance", node))
    old_apps = state.apps
    old = old_apps.get_model("finance", model)
    with connection.schema_editor() as editor:
        editor.create_model(old)
    try:
        yield old_apps, old
    finally:
        old.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.delete_model(old)


def _stored(relative: str, body: bytes) -> str:
    return storages["default"].save(relative, ContentFile(body))


def _check_copied(attachment: Attachment, body: bytes, private: Path) -> None:
    path = private / attachment.file.name
    assert path.read_bytes() == body
    assert (path.stat().st_mode & 0o777) == 0o600
    assert attachment.sha256 == attachment.source_sha256 == hashlib.sha256(body).hexdigest()
    assert attachment.size == len(body)
    # A random name under the owner's app, never the uploaded one.
    assert attachment.file.name.startswith("finance/")
    assert attachment.name not in attachment.file.name


def test_voucher_scans_move_to_attachments(world, stores):
    ledger, preparer, _reviewer = books(world.target)
    voucher = voucher_create(
        actor=preparer,
        ledger=ledger,
        day=date(2026, 3, 5),
        summary="报销差旅费",
        lines=lines(ledger, ("5001", "80.00", ""), ("1002", "", "80.00")),
    )
    other = Voucher.objects.get(pk=voucher.pk)
    with _old_table("0009_voucher_attachments_to_kernel", "VoucherAttachment") as (old_apps, Old):
        scan = Old.objects.create(
            voucher_id=voucher.pk,
            file=_stored("finance/attachments/2026/03/发票.pdf", PDF),
            name="发票.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_by_id=preparer.pk,
        )
        photo = Old.objects.create(
            voucher_id=other.pk,
            file=_stored("finance/attachments/2026/03/receipt.png", PNG),
            name="receipt.png",
            content_type="image/png",
            size=len(PNG),
            sha256="0" * 64,  # recorded wrongly: the copy's own hash is kept, the old one stays as the source
            uploaded_by_id=preparer.pk,
        )
        gone = Old.objects.create(
            voucher_id=voucher.pk,
            file="finance/attachments/2026/03/lost.pdf",
            name="lost.pdf",
            content_type="application/pdf",
            size=123,
            sha256="a" * 64,
            uploaded_by_id=preparer.pk,
        )

        _migration("0009_voucher_attachments_to_kernel").copy_voucher_attachments(old_apps, None)

        voucher_type = ContentType.objects.get_for_model(Voucher)
        rows = {a.name: a for a in Attachment.objects.filter(owner_type=voucher_type)}
        assert set(rows) == {"发票.pdf", "receipt.png", "lost.pdf"}
        for row, old in ((rows["发票.pdf"], scan), (rows["receipt.png"], photo), (rows["lost.pdf"], gone)):
            assert (row.owner_id, row.purpose, row.sensitive) == (old.voucher_id, "invoice", True)
            assert (row.unit_id, row.uploaded_by_id, row.uploaded_at) == (world.target.pk, preparer.pk, old.uploaded_at)
        assert (rows["发票.pdf"].status, rows["发票.pdf"].kind, rows["发票.pdf"].mime) == (
            "active",
            "pdf",
            "application/pdf",
        )
        _check_copied(rows["发票.pdf"], PDF, stores["private"])
        assert rows["receipt.png"].kind == "image"
        assert rows["receipt.png"].sha256 == hashlib.sha256(PNG).hexdigest()
        assert rows["receipt.png"].source_sha256 == "0" * 64
        assert (stores["private"] / rows["receipt.png"].file.name).read_bytes() == PNG
        # The file was already missing: the record stays, marked purged, with no file and its old figures.
        lost = rows["lost.pdf"]
        assert (lost.status, lost.file.name, lost.size, lost.sha256) == ("purged", "", 123, "a" * 64)
        assert lost.purged_at is not None
        # The old files stay where they were (deleted by hand once the copy is checked).
        assert (stores["media"] / scan.file.name).read_bytes() == PDF


def test_audit_files_move_to_attachments(world, stores):
    auditor = staff(world.city, (MANAGE_AUDIT, AUDIT_BOOKS, VIEW_UNIT))
    audit = audit_plan(
        actor=auditor,
        planning_unit=world.city,
        audited_unit=world.target,
        kind="special_funds",
        year=2025,
        title="帮扶资金专项审计",
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 20),
    )
    audit = audit_transition(actor=auditor, audit=audit, action="start")
    paper = paper_add(actor=auditor, audit=audit, title="底稿", body="内容")
    finding = finding_record(
        actor=auditor, audit=audit, title="问题", description="说明", severity="major", amount="100.00"
    )
    rect = rectification_issue(actor=auditor, finding=finding, instructions="整改", working_days=5)
    replier = staff(world.target)
    with _old_table("0011_audit_files_to_kernel", "AuditFile") as (old_apps, Old):

        def old_file(name: str, body: bytes | None, **owner: Any) -> Any:
            path = _stored(f"finance/audits/2026/03/{name}", body) if body is not None else f"finance/audits/{name}"
            return Old.objects.create(
                audit_id=audit.pk,
                file=path,
                name=name,
                content_type="application/pdf",
                size=len(body or b"x"),
                sha256=hashlib.sha256(body or b"x").hexdigest(),
                uploaded_by_id=owner.pop("by").pk,
                **owner,
            )

        paper_file = old_file("抽查记录.pdf", PDF, paper_id=paper.pk, by=auditor)
        evidence = old_file("整改纪要.pdf", PDF + b"2", rectification_id=rect.pk, by=replier)
        twice = old_file("整改纪要-副本.pdf", PDF + b"2", rectification_id=rect.pk, by=replier)
        missing = old_file("lost.pdf", None, rectification_id=rect.pk, by=replier)

        _migration("0011_audit_files_to_kernel").copy_audit_files(old_apps, None)

        [on_paper] = Attachment.objects.filter(owner_type=ContentType.objects.get_for_model(AuditPaper))
        assert (on_paper.owner_id, on_paper.purpose, on_paper.sensitive, on_paper.status) == (
            paper.pk,
            "working_paper",
            True,
            "active",
        )
        assert (on_paper.unit_id, on_paper.uploaded_by_id, on_paper.name) == (
            world.target.pk,
            auditor.pk,
            "抽查记录.pdf",
        )
        _check_copied(on_paper, PDF, stores["private"])
        assert paper_file.file.name.endswith("抽查记录.pdf")

        on_rect = {
            a.name: a for a in Attachment.objects.filter(owner_type=ContentType.objects.get_for_model(Rectification))
        }
        assert set(on_rect) == {evidence.name, twice.name, missing.name}
        assert {(a.owner_id, a.purpose, a.sensitive, a.uploaded_by_id) for a in on_rect.values()} == {
            (rect.pk, "evidence", True, replier.pk)
        }
        assert on_rect[evidence.name].status == "active"
        _check_copied(on_rect[evidence.name], PDF + b"2", stores["private"])
        # The same file twice on one order: the first stays active, the copy is kept as removed.
        assert on_rect[twice.name].status == "removed"
        assert on_rect[twice.name].removal_reason
        lost = on_rect[missing.name]
        assert (lost.status, lost.file.name) == ("purged", "")


def test_an_audit_file_without_owner_stops_the_migration(world, stores):
    auditor = staff(world.city, (MANAGE_AUDIT, AUDIT_BOOKS, VIEW_UNIT))
    audit = audit_plan(
        actor=auditor,
        planning_unit=world.city,
        audited_unit=world.target,
        kind="special_funds",
        year=2025,
        title="审计",
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 20),
    )
    with _old_table("0011_audit_files_to_kernel", "AuditFile") as (old_apps, Old):
        row = Old.objects.create(
            audit_id=audit.pk,
            file=_stored("finance/audits/2026/03/x.pdf", PDF),
            name="x.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_by_id=auditor.pk,
        )
        with pytest.raises(RuntimeError, match=str(row.pk)):
            _migration("0011_audit_files_to_kernel").copy_audit_files(old_apps, None)
        assert not Attachment.objects.exists()
