"""Recurring jobs of 民主管理 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.congress.directors.tasks import remind_board_seats
from gonghui.congress.openness.tasks import escalate_disclosure_questions
from gonghui.congress.proposals.tasks import escalate_overdue_proposals

SCHEDULE: list[Every] = [
    # Accepted proposals past their answer deadline are escalated (督办) and shown on the console home.
    Every("congress.escalate_overdue_proposals", escalate_overdue_proposals, interval=timedelta(days=1)),
    # Employee directors and supervisors whose term ends within the policy's period: marked once, on the home panel.
    Every("congress.remind_board_seats", remind_board_seats, interval=timedelta(days=1)),
    # Openness of affairs: questions unanswered past their due day, escalated once, on the home panel.
    Every("congress.escalate_disclosure_questions", escalate_disclosure_questions, interval=timedelta(days=1)),
]
