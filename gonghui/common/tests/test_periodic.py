from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.common.models import PeriodicRun
from gonghui.common.periodic import Every, run_due, schedule

pytestmark = pytest.mark.django_db


def _job(name: str = "t.job", hours: int = 24) -> Every:
    return Every(name, task=None, interval=timedelta(hours=hours))


def test_a_job_is_enqueued_once_per_interval():
    sent: list[str] = []
    job = _job()
    start = timezone.now()
    assert run_due(now=start, jobs=[job], enqueue=lambda j: sent.append(j.name)) == ["t.job"]
    assert run_due(now=start + timedelta(hours=23), jobs=[job], enqueue=lambda j: sent.append(j.name)) == []
    assert run_due(now=start + timedelta(hours=24), jobs=[job], enqueue=lambda j: sent.append(j.name)) == ["t.job"]
    assert sent == ["t.job", "t.job"]
    assert PeriodicRun.objects.get(name="t.job").runs == 2


def test_a_failed_enqueue_is_retried_on_the_next_check():
    job = _job()

    def broken(_: Every) -> None:
        raise RuntimeError("queue down")

    with pytest.raises(RuntimeError):
        run_due(jobs=[job], enqueue=broken)
    assert PeriodicRun.objects.filter(name="t.job", runs__gt=0).count() == 0
    assert run_due(jobs=[job], enqueue=lambda j: None) == ["t.job"]


def test_the_apps_schedule_has_unique_names_and_real_tasks():
    jobs = schedule()
    assert "members.flag_inactive" in {j.name for j in jobs}
    for job in jobs:
        assert hasattr(job.task, "enqueue"), job.name


def test_the_command_enqueues_due_jobs_once(capsys):
    from django.core.management import call_command

    call_command("run_periodic", "--once")
    first = capsys.readouterr().out
    assert "members.flag_inactive" in first
    call_command("run_periodic", "--once")
    assert "members.flag_inactive" not in capsys.readouterr().out


def test_a_check_where_nothing_is_due_is_one_query(django_assert_num_queries):
    jobs = [_job("t.a"), _job("t.b")]
    start = timezone.now()
    run_due(now=start, jobs=jobs, enqueue=lambda j: None)
    with django_assert_num_queries(1):
        assert run_due(now=start + timedelta(hours=1), jobs=jobs, enqueue=lambda j: None) == []
