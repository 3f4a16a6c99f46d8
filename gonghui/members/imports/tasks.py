"""Background tasks of the roster import (django-tasks): the dry run and the batched import of one job."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.members.imports import pipeline
from gonghui.members.imports.services import import_files_purge, import_jobs_reap, job_move_if
from gonghui.members.models import ImportStatus

logger = logging.getLogger(__name__)


@task()
def import_validate(job_id: int) -> None:
    try:
        pipeline.validate_job(job_id)
    except Exception:
        logger.exception("import dry run failed (job %s)", job_id)
        job_move_if(
            job_id, status=ImportStatus.UPLOADED, action="fail", message=_("校验时发生系统错误，请联系管理员。")
        )
        raise


@task()
def import_run(job_id: int) -> None:
    """Import a confirmed job; after a crash the job stays ``importing`` and running this again resumes it."""
    try:
        pipeline.run_job(job_id)
    except Exception:
        logger.exception("import failed (job %s)", job_id)
        job_move_if(
            job_id,
            status=ImportStatus.IMPORTING,
            action="fail",
            message=_("导入中断，已提交的批次保留；可重新开始，将从中断处继续。"),
        )
        raise


@task()
def purge_import_files() -> int:
    """The scheduled clean-up of uploaded roster files (``services.import_files_purge``)."""
    return import_files_purge()


@task()
def reap_import_jobs() -> int:
    """The scheduled check for import jobs whose worker was lost (``services.import_jobs_reap``)."""
    return import_jobs_reap()
