"""Background work of needs surveys: closing surveys past their closing date."""

from __future__ import annotations

from django_tasks import task

from gonghui.worker_services.surveys import services


@task()
def close_due_surveys() -> int:
    """Every open survey whose closing date has passed is closed (an event and an audit record each)."""
    return services.surveys_close_due()
