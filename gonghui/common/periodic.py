"""Recurring jobs.

Each app lists its recurring jobs in ``gonghui/<app>/schedule.py``::

    SCHEDULE = [Every("members.flag_inactive", flag_inactive_members, interval=timedelta(days=1))]

``manage.py run_periodic`` enqueues every due job through django-tasks (the worker runs it): in a loop beside the
worker (every ``--tick`` seconds, default 2: a check where nothing is due is one query), or ``--once`` from a
cron job / systemd timer (a job with an interval shorter than the timer's, such as the 10 s statistics refresh,
needs the loop). One ``PeriodicRun`` row per job remembers the last enqueue; it is locked while deciding, so two
schedulers never enqueue the same run twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class Every:
    """Enqueue ``task`` (a django-tasks task) every ``interval``; ``kwargs`` are passed to ``enqueue``."""

    name: str
    task: Any
    interval: timedelta
    kwargs: dict[str, Any] = field(default_factory=dict)


JOBS: Contributions[Every] = Contributions("recurring jobs")


def schedule() -> list[Every]:
    """Every job registered by the installed apps (``JOBS.add`` in ``ready()``), in app order; names must be unique."""
    jobs = list(JOBS.items())
    names = [job.name for job in jobs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate periodic job names: {duplicates}")
    return jobs


def run_due(
    *, now: datetime | None = None, jobs: list[Every] | None = None, enqueue: Callable[[Every], object] | None = None
) -> list[str]:
    """Enqueue each job whose interval has passed since its last enqueue; returns the names enqueued."""
    from gonghui.common.models import PeriodicRun

    moment = now or timezone.now()
    send = enqueue or (lambda job: job.task.enqueue(**job.kwargs))
    done: list[str] = []
    # One unlocked read first: a job it finds not yet due is skipped without a transaction (another scheduler can
    # only have made it less due), so a check where nothing is due costs one query and the loop can tick often.
    last = dict(PeriodicRun.objects.values_list("name", "last_enqueued_at"))
    for job in jobs if jobs is not None else schedule():
        seen = last.get(job.name)
        if seen is not None and moment - seen < job.interval:
            continue
        with transaction.atomic():
            run, _ = PeriodicRun.objects.get_or_create(name=job.name)
            run = PeriodicRun.objects.select_for_update().get(pk=run.pk)
            if run.last_enqueued_at is not None and moment - run.last_enqueued_at < job.interval:
                continue
            send(job)
            run.last_enqueued_at = moment
            run.runs += 1
            run.save(update_fields=["last_enqueued_at", "runs"])
        done.append(job.name)
    return done
