"""Test data of skill training: a course with sessions, open for enrolment, and trainees with portal accounts."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.contests.models import Course, CourseSession, CourseStatus
from gonghui.contests.quiz.tests.kit import member_with_account
from gonghui.orgs.models import OrgUnit

_seq = [0]


def course(
    unit: OrgUnit,
    *,
    capacity: int = 5,
    status: str = CourseStatus.OPEN,
    sessions: int = 3,
    hours: str = "2",
    title: str = "",
    starts_in: int = 3,
    length: int = 2,
) -> Course:
    _seq[0] += 1
    today = timezone.localdate()
    starts = today + timedelta(days=starts_in)
    by = User.objects.create_user(username=f"course-author{_seq[0]}", name=f"培训管理员{_seq[0]}")
    found = Course.objects.create(
        unit=unit,
        title=title or f"电工技能提升班{_seq[0]}",
        capacity=capacity,
        enrol_until=min(today + timedelta(days=1), starts),
        starts_on=starts,
        ends_on=starts + timedelta(days=length),
        status=status,
        created_by=by,
        venue="职工学校",
    )
    tz = timezone.get_current_timezone()
    for i in range(sessions):
        day = found.starts_on + timedelta(days=min(i, length))
        CourseSession.objects.create(
            course=found,
            title=f"第{i + 1}课",
            starts_at=datetime.combine(day, time(9 + i), tzinfo=tz),
            hours=Decimal(hours),
        )
    return found


__all__ = ["course", "member_with_account"]
