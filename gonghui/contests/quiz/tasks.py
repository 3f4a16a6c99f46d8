"""Background work of knowledge quizzes: closing attempts left open past their deadline."""

from __future__ import annotations

from django_tasks import task

from gonghui.contests.quiz import services


@task()
def expire_attempts() -> int:
    """Every attempt open past its deadline and grace is recorded as expired (the member may start the next)."""
    return services.attempts_expire_due()
