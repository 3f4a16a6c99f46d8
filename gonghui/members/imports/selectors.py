"""Reads of the roster import: jobs and their row errors, scoped to the units where the actor may import."""

from __future__ import annotations

from django.db.models import QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.members.models import ImportJob, ImportRowError
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER
from gonghui.orgs.models import OrgUnit

JOB_SORTS = {"created": "-created_at", "unit": "unit__path", "status": "status", "file": "file_name"}


def import_job_list(*, actor: Actor) -> QuerySet[ImportJob]:
    return access.scope(ImportJob.objects.select_related("unit", "uploaded_by"), actor, IMPORT_MEMBER)


def import_job_get(*, actor: Actor, job_id: int) -> ImportJob:
    """The job, if the actor may import at its unit: 404 when its unit is outside their sight, 403 when seen."""
    job = ImportJob.objects.select_related("unit", "uploaded_by", "confirmed_by").filter(pk=job_id).first()
    if job is None:
        raise access.NotVisible
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=job.unit)
    return job


def import_error_list(*, actor: Actor, job: ImportJob) -> QuerySet[ImportRowError]:
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=job.unit)
    return ImportRowError.objects.filter(job=job).order_by("row", "id")


def import_units(*, actor: Actor, limit: int = 300) -> QuerySet[OrgUnit]:
    """Units the actor may import into (shallowest first, for the upload form)."""
    return access.units(actor, IMPORT_MEMBER).order_by("depth", "path")[:limit]
