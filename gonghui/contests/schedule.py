"""Recurring jobs of 建功立业 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.contests.quiz.tasks import expire_attempts

SCHEDULE: list[Every] = [
    # ``competitions/``
    # ``quiz/``
    Every("contests.expire_quiz_attempts", expire_attempts, interval=timedelta(minutes=5)),
    # ``training/``
    # ``stats/``
]
