"""Writes of the roster import: upload a file (and start its dry run), confirm (import the valid rows), cancel.

The uploaded file is stored privately under ``MEDIA_ROOT/imports/`` with its sha256 and removed once the job is
done or cancelled (it holds full ID numbers in clear). The dry run and the import run as background tasks.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.members.imports.reading import format_of
from gonghui.members.models import ImportJob, ImportStatus
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER
from gonghui.orgs.models import OrgUnit

MAX_UPLOAD_BYTES = 300 * 1024 * 1024
IMPORT_DIR = "imports"


def _store(upload: UploadedFile, ext: str) -> tuple[str, str, int]:
    """Write the upload under MEDIA_ROOT/imports/ in chunks; return (relative path, sha256, size)."""
    relative = f"{IMPORT_DIR}/{timezone.now():%Y%m}/{uuid.uuid4().hex}.{ext}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as fh:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            fh.write(chunk)
    return relative, digest.hexdigest(), size


def remove_file(job: ImportJob) -> None:
    if job.file_path:
        (Path(settings.MEDIA_ROOT) / job.file_path).unlink(missing_ok=True)


def import_upload(*, actor: User, unit: OrgUnit, upload: UploadedFile, batch_size: int | None = None) -> ImportJob:
    """Store the file, create the job and start its dry run."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=unit)
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    fmt = format_of(name)
    if fmt is None:
        raise ValidationError({"file": ValidationError(_("只支持 .xlsx 或 .csv 文件。"), code="format")})
    if not upload.size:
        raise ValidationError({"file": ValidationError(_("文件是空的。"), code="empty")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": ValidationError(_("文件过大（最大 300 MB）。"), code="too_large")})
    relative, sha256, size = _store(upload, fmt)
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                unit=unit,
                uploaded_by=actor,
                file_name=name,
                file_path=relative,
                file_size=size,
                sha256=sha256,
                format=fmt,
                batch_size=batch_size or ImportJob._meta.get_field("batch_size").get_default(),
            )
            audit_record(
                actor=actor,
                action="members.import_upload",
                target=job,
                unit=unit,
                data={"file_name": name, "sha256": sha256, "size": size, "format": fmt},
            )
    except Exception:
        (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)
        raise
    from gonghui.members.imports.tasks import import_validate

    import_validate.enqueue(job.pk)
    job.refresh_from_db()
    return job


def import_confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """Import the valid rows of a dry-run job; on a job that stopped mid-import, resume it."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=job.unit)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        resuming = locked.status in (ImportStatus.IMPORTING, ImportStatus.FAILED) and locked.validated_at is not None
        if locked.status != ImportStatus.VALIDATED and not resuming:
            raise ValidationError(_("该导入任务当前状态不能开始导入。"), code="state")
        if not locked.valid:
            raise ValidationError(_("没有可导入的有效行。"), code="nothing")
        locked.status = ImportStatus.IMPORTING
        locked.confirmed_by = locked.confirmed_by or actor
        locked.message = ""
        locked.save(update_fields=["status", "confirmed_by", "message", "updated_at"])
        audit_record(
            actor=actor,
            action="members.import_confirm",
            target=locked,
            unit=locked.unit,
            data={"valid": locked.valid, "invalid": locked.invalid, "resume_after_row": locked.last_committed_row},
        )
    from gonghui.members.imports.tasks import import_run

    import_run.enqueue(locked.pk)
    locked.refresh_from_db()
    return locked


def import_cancel(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Import nothing: the clerk declined after the preview (or before the dry run finished)."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=job.unit)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status not in (ImportStatus.UPLOADED, ImportStatus.VALIDATED):
            raise ValidationError(_("该导入任务当前状态不能取消。"), code="state")
        locked.status = ImportStatus.CANCELLED
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "finished_at", "updated_at"])
        audit_record(actor=actor, action="members.import_cancel", target=locked, unit=locked.unit)
    remove_file(locked)
    return locked
