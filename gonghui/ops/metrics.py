"""Prometheus metrics of the platform, through ``prometheus_client``.

- ``gonghui_http_request_duration_seconds{view,method,status}``: request latency by URL name (``view``), recorded
  by :class:`gonghui.ops.middleware.RequestLogMiddleware`; unmatched URLs share the label ``<unmatched>`` so that a
  scanner cannot blow up the label set.
- ``gonghui_task_queue_depth{queue}`` / ``gonghui_task_queue_oldest_age_seconds{queue}``: read at scrape time from
  the configured task backend (database or RQ).
- ``gonghui_login_failures_total{method}`` and ``gonghui_login_lockouts_total``: failed sign-ins (password or SMS
  code) and django-axes lockouts.

Under gunicorn with several workers set ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory, wiped at start) so that
every worker's counters are summed; ``deploy/gunicorn.conf.py`` marks dead workers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

REQUEST_LATENCY = Histogram(
    "gonghui_http_request_duration_seconds",
    "HTTP request latency by view (URL name), method and status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LOGIN_FAILURES = Counter("gonghui_login_failures", "Failed sign-ins.", ["method"])
LOGIN_LOCKOUTS = Counter("gonghui_login_lockouts", "Sign-in lockouts by django-axes.")

CONTENT_TYPE = CONTENT_TYPE_LATEST


class TaskQueueCollector(Collector):
    """Queue depth and age of the oldest waiting task, read from the task backend at each scrape."""

    def collect(self) -> Iterator[Metric]:
        from gonghui.ops.queues import queue_stats

        depth = GaugeMetricFamily("gonghui_task_queue_depth", "Tasks waiting to run.", labels=["queue"])
        age = GaugeMetricFamily(
            "gonghui_task_queue_oldest_age_seconds", "Age of the oldest waiting task.", labels=["queue"]
        )
        up = GaugeMetricFamily("gonghui_task_queue_up", "1 when the task backend answered the scrape.")
        try:
            stats = queue_stats() or []
        except Exception:  # noqa: BLE001 - a scrape reports the failure as a metric, never as a 500
            up.add_metric([], 0)
        else:
            up.add_metric([], 1)
            for stat in stats:
                depth.add_metric([stat.queue], stat.depth)
                age.add_metric([stat.queue], stat.oldest_age_seconds)
        yield depth
        yield age
        yield up


def render() -> bytes:
    """The exposition text: this process's (or, in multiprocess mode, every worker's) metrics and the queues."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        process_metrics = generate_latest(registry)
    else:
        process_metrics = generate_latest(REGISTRY)
    queues = CollectorRegistry(auto_describe=False)
    queues.register(TaskQueueCollector())
    return process_metrics + generate_latest(queues)
