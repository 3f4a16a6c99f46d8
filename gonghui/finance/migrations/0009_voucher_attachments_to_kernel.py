"""Voucher scans move onto the kernel's private attachments: each ``VoucherAttachment`` row becomes an ``Attachment``
owned by its voucher (purpose ``invoice``, sensitive: every opening is audited, as before), its file copied from the
default storage (``MEDIA_ROOT/finance/attachments/``) into ``STORAGES["private"]`` under a random name. The old files
are left where they were; once the copy is checked they may be deleted (docs/finance.md). A row whose file is
already missing is kept as ``purged`` (the record stays, the file is gone). Reversing it leaves the kernel's rows and files in place."""

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations
from django.utils import timezone

MIMES = {"application/pdf": (".pdf", "pdf"), "image/jpeg": (".jpg", "image"), "image/png": (".png", "image")}


def copy_voucher_attachments(apps, schema_editor):
    VoucherAttachment = apps.get_model("finance", "VoucherAttachment")
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = VoucherAttachment.objects.select_related("voucher__ledger").order_by("pk")
    if not rows.exists():
        return
    voucher_type, _ = ContentType.objects.get_or_create(app_label="finance", model="voucher")
    old_storage = storages["default"]
    private = storages["private"]
    for row in rows.iterator():
        ext, kind = MIMES.get(row.content_type, ("", "pdf"))
        attachment = Attachment(
            owner_type=voucher_type,
            owner_id=row.voucher_id,
            unit_id=row.voucher.ledger.unit_id,
            purpose="invoice",
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
            owner_type=voucher_type,
            owner_id=row.voucher_id,
            purpose="invoice",
            source_sha256=row.sha256,
            status="active",
        ).exists():
            attachment.status = "removed"
            attachment.removed_at = timezone.now()
            attachment.removal_reason = "重复的附件（迁移时发现）"
        attachment.save()


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0008_payment_idempotency_key_per_ledger"),
        ("attachments", "0001_private_attachments"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_voucher_attachments, migrations.RunPython.noop, elidable=False),
    ]
