"""Funds-audit files move onto the kernel's private attachments: each ``AuditFile`` row becomes an ``Attachment``
owned by its working paper (``finance.AuditPaper``, purpose ``working_paper``) or its rectification order
(``finance.Rectification``, purpose ``evidence``), sensitive (every opening audited, as before), its file copied from
the default storage (``MEDIA_ROOT/finance/audits/``) into ``STORAGES["private"]`` under a random name; size and
sha256 are those of the copied bytes. The old files are left where they were; once the copy is checked they may be
deleted (docs/finance.md). A row whose file is already missing is kept as ``purged`` (the record stays, the file is
gone). The same file twice on one owner keeps the first active, the others ``removed``. A row that belongs to
neither a paper nor an order was never written by Gonghui: the migration stops and names it, for the operator to
decide. Reversing it leaves the kernel's rows and files in place."""

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations
from django.utils import timezone

MIMES = {"application/pdf": (".pdf", "pdf"), "image/jpeg": (".jpg", "image"), "image/png": (".png", "image")}


def copy_audit_files(apps, schema_editor):
    AuditFile = apps.get_model("finance", "AuditFile")
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = AuditFile.objects.select_related("audit").order_by("pk")
    if not rows.exists():
        return
    orphans = list(rows.filter(paper__isnull=True, rectification__isnull=True).values_list("pk", flat=True))
    if orphans:
        raise RuntimeError(f"finance.AuditFile rows with neither a paper nor a rectification: {orphans}")
    paper_type, _ = ContentType.objects.get_or_create(app_label="finance", model="auditpaper")
    rect_type, _ = ContentType.objects.get_or_create(app_label="finance", model="rectification")
    old_storage = storages["default"]
    private = storages["private"]
    for row in rows.iterator():
        if row.paper_id is not None:
            owner_type, owner_id, purpose = paper_type, row.paper_id, "working_paper"
        else:
            owner_type, owner_id, purpose = rect_type, row.rectification_id, "evidence"
        ext, kind = MIMES.get(row.content_type, ("", "pdf"))
        attachment = Attachment(
            owner_type=owner_type,
            owner_id=owner_id,
            unit_id=row.audit.audited_unit_id,
            purpose=purpose,
            name=row.name,
            mime=row.content_type,
            kind=kind,
            size=row.size,
            sha256=row.sha256,
            source_sha256=row.sha256,
            sensitive=True,
            uploaded_by_id=row.uploaded_by_id,
            uploaded_at=row.uploaded_at,
        )
        try:
            with old_storage.open(row.file.name, "rb") as old:
                data = old.read()
        except (FileNotFoundError, OSError):
            data = None
        if data is None:
            attachment.status = "purged"
            attachment.purged_at = timezone.now()
            attachment.file.name = ""
        else:
            attachment.size = len(data)
            attachment.sha256 = hashlib.sha256(data).hexdigest()
            when = timezone.localtime(row.uploaded_at)
            name = f"finance/{when:%Y/%m}/{secrets.token_hex(16)}{ext}"
            attachment.file.name = private.save(name, ContentFile(data))
        if Attachment.objects.filter(
            owner_type=owner_type, owner_id=owner_id, purpose=purpose, source_sha256=row.sha256, status="active"
        ).exists():
            attachment.status = "removed"
            attachment.removed_at = timezone.now()
            attachment.removal_reason = "重复的附件（迁移时发现）"
        attachment.save()


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0010_remove_voucherattachment"),
        ("attachments", "0001_private_attachments"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_audit_files, migrations.RunPython.noop, elidable=False),
    ]
