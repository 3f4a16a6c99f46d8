"""URL-sweep resolvers of the roster import: a job of ``world.child`` whose error rows carry the CANARY."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _job(world: World) -> Any:
    from gonghui.members.models import ImportJob, ImportRowError, ImportStatus

    uploader = world.staff("sweepimport", world.child, ["members.view_member", "members.import_member"])
    job = ImportJob.objects.create(
        unit=world.child,
        uploaded_by=uploader,
        file_name=f"名册{CANARY}.csv",
        file_path="imports/sweep-missing.csv",
        sha256="0" * 64,
        format="csv",
        status=ImportStatus.VALIDATED,
        total=2,
        valid=1,
        invalid=1,
        errors_ready=True,
    )
    ImportRowError.objects.create(
        job=job, row=3, column="姓名", value=f"王{CANARY}", reason="姓名中不能有数字。", code="x"
    )
    return job.pk


RESOLVERS = {"job_id": _job}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
