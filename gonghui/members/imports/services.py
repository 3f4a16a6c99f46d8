"""Writes of the roster import: upload a file (and start its dry run), confirm (import the valid rows), cancel.

The uploaded file is stored privately under ``MEDIA_ROOT/imports/`` with its sha256 and removed once the job is
done or cancelled (it holds full ID numbers in clear). The dry run and the import run as background tasks.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.sheets.reading import format_of
from gonghui.common.statemachine import StateMachine
from gonghui.members.models import ImportJob, ImportStatus
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER
from gonghui.orgs.models import OrgUnit

MAX_UPLOAD_BYTES = 300 * 1024 * 1024
IMPORT_DIR = "imports"

S = ImportStatus

_REFUSALS = {
    "confirm": _lazy("该导入任务当前状态不能开始导入。"),
    "resume": _lazy("该导入任务当前状态不能开始导入。"),
    "cancel": _lazy("该导入任务当前状态不能取消。"),
}


def _import_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(_REFUSALS.get(action, _lazy("该导入任务的状态已变化。")), code="state")


# An import job: the dry run (``validate``) and the import (``finish``) run in the worker, which moves the job only
# by a compare-and-set on its status (:func:`job_move_if`): the clerk may cancel, or confirm, meanwhile. A job that
# stopped mid-import (still ``importing`` after a crash, or ``failed``) is confirmed again to ``resume`` it.
IMPORT_JOB = StateMachine.of_actions(
    {
        "validate": ((S.UPLOADED,), S.VALIDATED),
        "confirm": ((S.VALIDATED,), S.IMPORTING),
        "resume": ((S.IMPORTING, S.FAILED), S.IMPORTING),
        "finish": ((S.IMPORTING,), S.DONE),
        "fail": ((S.UPLOADED, S.IMPORTING), S.FAILED),
        "cancel": ((S.UPLOADED, S.VALIDATED), S.CANCELLED),
    },
    refusal=_import_refusal,
)


def job_move_if(job_id: int, *, status: str, action: str, **fields: Any) -> bool:
    """Move the job by ``action`` if it is still in ``status`` (compare-and-set: the worker and the web process
    race on it), writing ``fields`` with it; false when someone moved it first."""
    to = IMPORT_JOB.check(status, action)
    return bool(ImportJob.objects.filter(pk=job_id, status=status).update(status=to, **fields))


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
        raise ValidationError({"file": ValidationError(_("只支持 .xlsx、.xls 或 .csv 文件。"), code="format")})
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
        resuming = IMPORT_JOB.allows(locked.status, "resume") and locked.validated_at is not None
        IMPORT_JOB.check(locked.status, "resume" if resuming else "confirm")
        if not locked.valid:
            raise ValidationError(_("没有可导入的有效行。"), code="nothing")
        IMPORT_JOB.move(locked, "resume" if resuming else "confirm")
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
        IMPORT_JOB.move(locked, "cancel")
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "finished_at", "updated_at"])
        audit_record(actor=actor, action="members.import_cancel", target=locked, unit=locked.unit)
    remove_file(locked)
    return locked
