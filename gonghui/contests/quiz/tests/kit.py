"""Test data of knowledge quizzes: a union's question bank, a running quiz and members with portal accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.contests.models import Question, QuestionCategory, QuestionKind, Quiz, QuizStatus
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

_seq = [0]


def _next() -> int:
    _seq[0] += 1
    return _seq[0]


def author() -> User:
    n = _next()
    return User.objects.create_user(username=f"quiz-author{n}", name=f"出题人{n}")


def member_with_account(unit: OrgUnit, *, name: str = "") -> tuple[Member, User]:
    from gonghui.members.tests.factories import MemberFactory

    phone = next_phone("137")
    user = User.objects.create_user(username=phone, phone=phone, name=name or f"答题职工{_next()}")
    member = MemberFactory.create(unit=unit, user=user, name=name or f"答题{_next()}号")
    return member, user


def bank(unit: OrgUnit, *, n: int = 12, name: str = "", by: User | None = None) -> QuestionCategory:
    """A category of ``n`` questions: single choice (right answer A), multiple (A and C), true/false (正确)."""
    by = by or author()
    category = QuestionCategory.objects.create(unit=unit, name=name or f"工会知识{_next()}")
    kinds = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE]
    for i in range(n):
        kind = kinds[i % 3]
        if kind == QuestionKind.TRUE_FALSE:
            options, correct = ["正确", "错误"], [0]
        elif kind == QuestionKind.MULTIPLE:
            options, correct = [f"对{i}甲", f"错{i}乙", f"对{i}丙", f"错{i}丁"], [0, 2]
        else:
            options, correct = [f"对{i}", f"错{i}一", f"错{i}二", f"错{i}三"], [0]
        Question.objects.create(
            unit=unit,
            category=category,
            kind=kind,
            text=f"第{i + 1}题：工会法规定的内容{i}",
            options=options,
            correct=correct,
            explanation=f"解析{i}",
            created_by=by,
        )
    return category


def quiz(
    unit: OrgUnit,
    *,
    categories: list[QuestionCategory] | None = None,
    paper_size: int = 5,
    minutes: int = 10,
    per_day: int = 3,
    grace: int = 15,
    status: str = QuizStatus.PUBLISHED,
    starts_on: date | None = None,
    ends_on: date | None = None,
    title: str = "",
) -> Quiz:
    today = timezone.localdate()
    found = Quiz.objects.create(
        unit=unit,
        title=title or f"工会知识竞赛{_next()}",
        starts_on=starts_on or today - timedelta(days=1),
        ends_on=ends_on or today + timedelta(days=7),
        paper_size=paper_size,
        time_limit_minutes=minutes,
        attempts_per_day=per_day,
        grace_seconds=grace,
        status=status,
        created_by=author(),
    )
    found.categories.set(categories if categories is not None else [bank(unit)])
    return found


def right_answers(attempt: Any) -> dict[int, list[int]]:
    """What a perfect paper sends: per position, the shown positions of the right options."""
    out: dict[int, list[int]] = {}
    for position, entry in enumerate(attempt.paper):
        question = Question.objects.get(pk=entry["q"])
        out[position] = [entry["o"].index(i) for i in question.correct]
    return out


def wrong_answers(attempt: Any) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for position, entry in enumerate(attempt.paper):
        question = Question.objects.get(pk=entry["q"])
        wrong = next(i for i in range(len(question.options)) if i not in question.correct)
        out[position] = [entry["o"].index(wrong)]
    return out


@dataclass
class Kit:
    quiz: Quiz
    members: list[tuple[Member, User]] = field(default_factory=list)


def quiz_kit(unit: OrgUnit, *, members: int = 2, **kwargs: Any) -> Kit:
    return Kit(quiz=quiz(unit, **kwargs), members=[member_with_account(unit) for _i in range(members)])
