"""Depth and age of the background-task queues, whatever the configured backend (database or RQ)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks import task_backends


@dataclass(frozen=True)
class QueueStat:
    queue: str
    depth: int
    oldest_age_seconds: float


def _age(oldest: datetime | None, now: datetime) -> float:
    return max(0.0, (now - oldest).total_seconds()) if oldest else 0.0


def _database_stats() -> list[QueueStat]:
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    # A deferred task waits from its run_after, not from its enqueueing.
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    rows = (
        DBTaskResult.objects.ready()
        .values("queue_name")
        .annotate(depth=Count("id"), oldest=Min(waiting_since))
        .order_by("queue_name")
    )
    return [QueueStat(row["queue_name"], row["depth"], _age(row["oldest"], now)) for row in rows]


def _rq_stats(queue_names: list[str]) -> list[QueueStat]:
    import django_rq

    now = timezone.now()
    stats = []
    for name in sorted(queue_names):
        queue = django_rq.get_queue(name)
        depth = queue.count
        oldest = None
        if depth:
            head = queue.get_jobs(0, 1)
            if head and head[0].enqueued_at:
                oldest = head[0].enqueued_at
                if timezone.is_naive(oldest):
                    oldest = timezone.make_aware(oldest, UTC)
        stats.append(QueueStat(name, depth, _age(oldest, now)))
    return stats


def queue_stats(alias: str = "default") -> list[QueueStat] | None:
    """Per-queue depth and age of the oldest waiting task, or None for a backend that keeps no queue (immediate,
    dummy)."""
    backend = task_backends[alias]
    path = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if path.startswith("django_tasks_db."):
        return _database_stats()
    if path.startswith("django_tasks_rq."):
        return _rq_stats(sorted(getattr(backend, "queues", None) or ["default"]))
    return None
