"""Writes of the roster import: upload a file (and start its dry run), confirm (import the valid rows), cancel,
and the clean-up of files left behind.

The uploaded file is stored encrypted and private (``files``) with its sha256, and removed once the job is done or
cancelled, and at the latest ``members.import_file_retention_days`` after the job's last activity
(:func:`import_files_purge`, scheduled). The dry run and the import run as background tasks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.sheets.reading import format_of
from gonghui.common.statemachine import StateMachine
from gonghui.members.imports import files
from gonghui.members.models import ImportJob, ImportStatus
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER
from gonghui.members.policies import IMPORT_FILE_RETENTION_DAYS
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get

MAX_UPLOAD_BYTES = 300 * 1024 * 1024
IMPORT_DIR = files.IMPORT_DIR

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
# stopped mid-import (still ``importing`` after a crash, or ``failed``) is confirmed again to ``resume`` it; a dry
# run that stopped (``uploaded`` with a dead worker, or ``failed`` before the preview) is started again by
# ``recheck``. Every state that is not final can be cancelled (committed batches stay: they are members now), and
# the clean-up ``expire``s a job whose file it removed.
IMPORT_JOB = StateMachine.of_actions(
    {
        "validate": ((S.UPLOADED,), S.VALIDATED),
        "confirm": ((S.VALIDATED,), S.IMPORTING),
        "resume": ((S.IMPORTING, S.FAILED), S.IMPORTING),
        "recheck": ((S.UPLOADED, S.FAILED), S.UPLOADED),
        "finish": ((S.IMPORTING,), S.DONE),
        "fail": ((S.UPLOADED, S.IMPORTING), S.FAILED),
        "cancel": ((S.UPLOADED, S.VALIDATED, S.IMPORTING, S.FAILED), S.CANCELLED),
        "expire": ((S.UPLOADED, S.VALIDATED, S.IMPORTING, S.FAILED), S.CANCELLED),
    },
    refusal=_import_refusal,
)


def job_move_if(job_id: int, *, status: str, action: str, **fields: Any) -> bool:
    """Move the job by ``action`` if it is still in ``status`` (compare-and-set: the worker and the web process
    race on it), writing ``fields`` with it; false when someone moved it first."""
    to = IMPORT_JOB.check(status, action)
    return bool(ImportJob.objects.filter(pk=job_id, status=status).update(status=to, **fields))


def remove_file(job: ImportJob) -> bool:
    """Delete the job's stored file and forget its path; whether there was a file."""
    removed = files.remove(job)
    if job.file_path:
        ImportJob.objects.filter(pk=job.pk).update(file_path="")
        job.file_path = ""
    return removed


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
    relative, sha256, size = files.store(upload, fmt)
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
        if resuming and locked.status == S.IMPORTING and not locked.is_stalled:
            raise ValidationError(_("导入仍在进行中（后台进程在运行），无需继续。"), code="running")
        IMPORT_JOB.move(locked, "resume" if resuming else "confirm")
        locked.confirmed_by = locked.confirmed_by or actor
        locked.message = ""
        locked.heartbeat_at, locked.worker = None, ""  # queued: no worker holds it until one takes it
        locked.save(update_fields=["status", "confirmed_by", "message", "heartbeat_at", "worker", "updated_at"])
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
    """Stop the job and delete its file: before or after the preview (nothing is imported), after a failure, or
    during an import (the batches already committed stay; no further batch commits: each checks the status)."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=job.unit)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        before = locked.status
        IMPORT_JOB.move(locked, "cancel")
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "finished_at", "updated_at"])
        audit_record(
            actor=actor,
            action="members.import_cancel",
            target=locked,
            unit=locked.unit,
            data={"from": before, "committed_rows": locked.created + locked.updated},
        )
    remove_file(locked)
    return locked


def import_recheck(*, actor: User, job: ImportJob) -> ImportJob:
    """Run the dry run again: after its worker was lost (a stalled ``uploaded`` job) or after it failed before the
    preview (``failed`` without ``validated_at``, while the file is kept)."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=job.unit)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        IMPORT_JOB.check(locked.status, "recheck")
        if locked.status == S.UPLOADED and not locked.is_stalled:
            raise ValidationError(_("校验仍在进行或排队中，无需重新校验。"), code="running")
        if locked.validated_at is not None:
            raise ValidationError(_("该任务已校验过，请“继续导入”或取消。"), code="state")
        if not locked.file_path or not files.stored_path(locked).exists():
            raise ValidationError(_("上传的文件已删除，无法重新校验；请重新上传。"), code="gone")
        before = locked.status
        IMPORT_JOB.move(locked, "recheck")
        locked.message, locked.progress, locked.heartbeat_at, locked.worker = "", 0, None, ""
        locked.save(update_fields=["status", "message", "progress", "heartbeat_at", "worker", "updated_at"])
        audit_record(
            actor=actor, action="members.import_recheck", target=locked, unit=locked.unit, data={"from": before}
        )
    from gonghui.members.imports.tasks import import_validate

    import_validate.enqueue(locked.pk)
    locked.refresh_from_db()
    return locked


LOST_MESSAGES: dict[str, Any] = {
    S.UPLOADED: gettext_lazy(
        "校验中断：后台处理进程在 %(at)s 后失去响应（被终止或服务器重启），本次未导入任何数据。可“重新校验”或取消。"
    ),
    S.IMPORTING: gettext_lazy(
        "导入中断：后台处理进程在 %(at)s 后失去响应（被终止或服务器重启）。已提交的批次保留；"
        "可“继续导入（从中断处）”或取消。"
    ),
}
_TASK_PATHS: dict[str, str] = {
    S.UPLOADED: "gonghui.members.imports.tasks.import_validate",
    S.IMPORTING: "gonghui.members.imports.tasks.import_run",
}


def import_jobs_reap(*, now: datetime | None = None) -> int:
    """The scheduled check for lost workers: every running job whose lease ran out (``lease.LEASE_SECONDS``
    without a heartbeat from the worker holding it) is marked failed, with what happened and when, and an audit
    record (actor: the system); its background task row, if the database backend keeps one, is marked failed
    too. Returns the number of jobs marked."""
    from gonghui.members.imports.lease import LEASE_SECONDS

    moment = now or timezone.now()
    lost = ImportJob.objects.filter(
        status__in=(S.UPLOADED, S.IMPORTING), heartbeat_at__lt=moment - timedelta(seconds=LEASE_SECONDS)
    ).exclude(worker="")
    marked = 0
    for job in lost.select_related("unit"):
        at = timezone.localtime(job.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S") if job.heartbeat_at else ""
        with transaction.atomic():
            moved = job_move_if(
                job.pk,
                status=job.status,
                action="fail",
                message=str(LOST_MESSAGES[job.status] % {"at": at})[:300],
                worker="",
                finished_at=moment,
            )
            if not moved:
                continue
            audit_record(
                actor=None,
                action="members.import_worker_lost",
                target=job,
                unit=job.unit,
                data={"from": job.status, "last_heartbeat": at, "worker": job.worker, "progress": job.progress},
            )
        _fail_task_rows(_TASK_PATHS[job.status], job.pk, moment)
        marked += 1
    return marked


def _fail_task_rows(task_path: str, job_id: int, moment: datetime) -> None:
    """Mark the job's task rows that still say RUNNING as failed (django-tasks' database backend only)."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path=task_path, status="RUNNING", args_kwargs__args=[job_id]).update(
        status="FAILED",
        finished_at=moment,
        exception_class_path="gonghui.members.imports.lease.WorkerLost",
        traceback="the worker stopped renewing the import job's lease (killed or restarted)",
    )


FINAL = (S.DONE, S.CANCELLED)
EXPIRED_MESSAGE = gettext_lazy("上传的文件已超过保留期限（%(days)s 天无操作），已按规定删除；如需导入请重新上传。")


def import_files_purge(*, now: datetime | None = None) -> int:
    """The scheduled clean-up: delete the stored file of every job idle (no activity: ``updated_at``) for longer
    than its union's ``members.import_file_retention_days``, closing the job (``expire``) when it was not final,
    with an audit record each (actor: the system); then delete files under ``imports/`` that no job refers to
    (an upload interrupted between storing and recording it) once older than the longest retention. Returns the
    number of files deleted."""
    moment = now or timezone.now()
    shortest = IMPORT_FILE_RETENTION_DAYS.min_value or 1
    days_at: dict[int, int] = {}
    removed = 0
    candidates = ImportJob.objects.exclude(file_path="").filter(updated_at__lt=moment - timedelta(days=shortest))
    for job in candidates.select_related("unit").order_by("pk").iterator(chunk_size=200):
        if job.unit_id not in days_at:
            days_at[job.unit_id] = int(policy_get(IMPORT_FILE_RETENTION_DAYS.key, job.unit).value)
        days = days_at[job.unit_id]
        if job.updated_at >= moment - timedelta(days=days):
            continue
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if not locked.file_path or locked.updated_at >= moment - timedelta(days=days):
                continue  # someone touched it meanwhile
            before = locked.status
            fields = ["file_path", "updated_at"]
            if before not in FINAL:
                IMPORT_JOB.move(locked, "expire")
                locked.message = _(
                    "上传的文件已超过保留期限（%(days)s 天无操作），已按规定删除；如需导入请重新上传。"
                ) % {"days": days}
                locked.finished_at = moment
                fields += ["status", "message", "finished_at"]
            had_file = files.remove(locked)
            locked.file_path = ""
            locked.save(update_fields=fields)
            audit_record(
                actor=None,
                action="members.import_file_purged",
                target=locked,
                unit=locked.unit,
                data={"from": before, "retention_days": days, "idle_since": job.updated_at.isoformat(),
                      "file_existed": had_file},
            )  # fmt: skip
        removed += int(had_file)
    return removed + _purge_orphans(moment - timedelta(days=IMPORT_FILE_RETENTION_DAYS.max_value or 30))


def _purge_orphans(before: datetime) -> int:
    root = Path(settings.MEDIA_ROOT) / IMPORT_DIR
    if not root.is_dir():
        return 0
    known = set(ImportJob.objects.exclude(file_path="").values_list("file_path", flat=True))
    cutoff = before.timestamp()
    removed = 0
    for path in root.glob("*/*"):
        relative = path.relative_to(Path(settings.MEDIA_ROOT)).as_posix()
        if path.is_file() and relative not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="members.import_orphans_purged",
                target_type="members.importjob",
                data={"files": removed},
            )
    return removed
