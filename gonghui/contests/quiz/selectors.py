"""Reads of knowledge quizzes: the bank and the quizzes scoped by ``contests.view_quiz``; a member's quizzes, their
open attempt's paper (questions and options by position, never which are right) and results; leaderboards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.contests.models import (
    AttemptStatus,
    Question,
    QuestionCategory,
    Quiz,
    QuizAttempt,
    QuizResult,
    QuizStatus,
)
from gonghui.contests.permissions import VIEW_QUIZ
from gonghui.contests.quiz.services import in_scope, is_running
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit

QUIZ_SORTS = {"-starts": "-starts_on", "starts": "starts_on", "title": "title", "-title": "-title"}
QUESTION_SORTS = {"-id": "-pk", "id": "pk", "text": "text"}


def _pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


# --- staff ---------------------------------------------------------------------------------------------------------


def category_list(*, actor: Actor) -> QuerySet[QuestionCategory]:
    return (
        access.scope(QuestionCategory.objects.all(), actor, VIEW_QUIZ)
        .select_related("unit")
        .annotate(n=Count("questions", filter=Q(questions__active=True)))
        .order_by("unit__path", "name")
    )


def category_get(*, actor: Actor, category_id: object) -> QuestionCategory:
    category = QuestionCategory.objects.select_related("unit").filter(pk=_pk(category_id)).first()
    if category is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_QUIZ, category.unit)
    return category


def question_list(
    *, actor: Actor, category_id: int | None = None, kind: str = "", q: str = "", active: str = ""
) -> QuerySet[Question]:
    qs = access.scope(Question.objects.all(), actor, VIEW_QUIZ).select_related("category", "unit")
    if category_id:
        qs = qs.filter(category_id=category_id)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(text__contains=q)
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    return qs.order_by("-pk")


def question_get(*, actor: Actor, question_id: object) -> Question:
    question = Question.objects.select_related("category", "unit").filter(pk=_pk(question_id)).first()
    if question is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_QUIZ, question.unit)
    return question


def quiz_list(*, actor: Actor, status: str = "", q: str = "") -> QuerySet[Quiz]:
    qs = access.scope(Quiz.objects.all(), actor, VIEW_QUIZ).select_related("unit")
    if status in QuizStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.annotate(
        participants=Count("results", distinct=True),
    ).order_by("-starts_on", "-pk")


def quiz_get(*, actor: Actor, quiz_id: object) -> Quiz:
    quiz = Quiz.objects.select_related("unit", "created_by").filter(pk=_pk(quiz_id)).first()
    if quiz is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_QUIZ, quiz.unit)
    return quiz


def attempt_list(*, actor: Actor, quiz: Quiz | None = None) -> QuerySet[QuizAttempt]:
    qs = access.scope(QuizAttempt.objects.all(), actor, VIEW_QUIZ, unit_field="quiz__unit")
    if quiz is not None:
        qs = qs.filter(quiz=quiz)
    return qs.select_related("quiz", "member", "unit").order_by("-started_at", "-pk")


def quiz_counts(quiz: Quiz) -> dict[str, int]:
    return QuizAttempt.objects.filter(quiz=quiz).aggregate(
        attempts=Count("pk"),
        submitted=Count("pk", filter=Q(status=AttemptStatus.SUBMITTED)),
        expired=Count("pk", filter=Q(status=AttemptStatus.EXPIRED)),
        open=Count("pk", filter=Q(status=AttemptStatus.OPEN)),
        members=Count("member", distinct=True),
    )


@dataclass(frozen=True)
class BoardRow:
    rank: int
    name: str  # masked
    union: str
    correct: int
    total: int
    seconds: int
    mine: bool = False


def leaderboard(*, quiz: Quiz, unit: OrgUnit | None, limit: int = 50, me: Member | None = None) -> list[BoardRow]:
    """The best results of ``quiz`` (of the members of ``unit`` when given): most correct, then the shortest time,
    then who got there first; names masked."""
    qs = QuizResult.objects.filter(quiz=quiz)
    if unit is not None:
        qs = qs.filter(unit=unit)
    rows = qs.select_related("member", "unit", "best_attempt").order_by(
        "-correct_count", "seconds", "best_attempt__submitted_at", "pk"
    )[:limit]
    return [
        BoardRow(
            rank=i,
            name=mask_name(r.member.name),
            union=r.unit.display_name,
            correct=r.correct_count,
            total=r.total,
            seconds=r.seconds,
            mine=me is not None and r.member_id == me.pk,
        )
        for i, r in enumerate(rows, start=1)
    ]


def board_units(quiz: Quiz) -> list[OrgUnit]:
    """The unions with results in ``quiz`` (the leaderboard's union choice)."""
    ids = QuizResult.objects.filter(quiz=quiz).values_list("unit_id", flat=True).distinct()
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("path"))


# --- the member ----------------------------------------------------------------------------------------------------


@dataclass
class MyQuiz:
    quiz: Quiz
    running: bool
    used_today: int
    left_today: int
    result: QuizResult | None
    open_attempt: QuizAttempt | None


def my_quizzes(*, actor: Actor, today: date | None = None) -> list[MyQuiz]:
    """Published quizzes of the member's union and its ancestors (running first), with today's attempts left."""
    member = my_member(actor=actor)
    if member is None:
        return []
    today = today or timezone.localdate()
    paths = [member.unit.path[:i] for i in range(OrgUnit.steplen, len(member.unit.path) + 1, OrgUnit.steplen)]
    quizzes = list(
        Quiz.objects.filter(unit__path__in=paths, status__in=[QuizStatus.PUBLISHED, QuizStatus.CLOSED])
        .select_related("unit")
        .order_by("-starts_on", "-pk")[:50]
    )
    ids = [q.pk for q in quizzes]
    used = dict(
        QuizAttempt.objects.filter(quiz_id__in=ids, member=member, day=today)
        .values_list("quiz_id")
        .annotate(n=Count("pk"))
        .values_list("quiz_id", "n")
    )
    results = {r.quiz_id: r for r in QuizResult.objects.filter(quiz_id__in=ids, member=member)}
    opens = {
        a.quiz_id: a for a in QuizAttempt.objects.filter(quiz_id__in=ids, member=member, status=AttemptStatus.OPEN)
    }
    out = []
    for quiz in quizzes:
        n = int(used.get(quiz.pk, 0))
        out.append(
            MyQuiz(
                quiz=quiz,
                running=is_running(quiz, today),
                used_today=n,
                left_today=max(0, quiz.attempts_per_day - n),
                result=results.get(quiz.pk),
                open_attempt=opens.get(quiz.pk),
            )
        )
    out.sort(key=lambda m: (not m.running, -m.quiz.starts_on.toordinal()))
    return out


def my_quiz(*, actor: Actor, quiz_id: object, today: date | None = None) -> MyQuiz:
    pk = _pk(quiz_id)
    for found in my_quizzes(actor=actor, today=today):
        if found.quiz.pk == pk:
            return found
    raise access.NotVisible


def my_attempts(*, actor: Actor, quiz: Quiz) -> list[QuizAttempt]:
    member = my_member(actor=actor)
    if member is None:
        return []
    return list(QuizAttempt.objects.filter(quiz=quiz, member=member).order_by("-started_at", "-pk")[:30])


def my_attempt(*, actor: Actor, attempt_id: object) -> QuizAttempt:
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    attempt = QuizAttempt.objects.select_related("quiz", "quiz__unit").filter(pk=_pk(attempt_id), member=member).first()
    if attempt is None or not in_scope(attempt.quiz, member):
        raise access.NotVisible
    return attempt


@dataclass(frozen=True)
class ShownOption:
    position: int
    letter: str
    text: str


@dataclass(frozen=True)
class ShownQuestion:
    """A question of an open paper as the page shows it: no right answer, no explanation, no question id."""

    position: int
    number: int
    kind: str
    kind_label: str
    text: str
    options: list[ShownOption]


def paper_for(attempt: QuizAttempt) -> list[ShownQuestion]:
    """The open attempt's paper in its drawn order, options in their drawn order, identified by position only."""
    from gonghui.contests.models import QuestionKind

    ids = [e["q"] for e in attempt.paper]
    found = {q.pk: q for q in Question.objects.filter(pk__in=ids).only("pk", "kind", "text", "options")}
    labels = dict(QuestionKind.choices)
    out = []
    for position, entry in enumerate(attempt.paper):
        question = found[entry["q"]]
        options = [
            ShownOption(position=i, letter="ABCDEF"[i], text=str(question.options[original]))
            for i, original in enumerate(entry["o"])
        ]
        out.append(
            ShownQuestion(
                position=position,
                number=position + 1,
                kind=question.kind,
                kind_label=str(labels.get(question.kind, "")),
                text=question.text,
                options=options,
            )
        )
    return out


@dataclass(frozen=True)
class ReviewedQuestion:
    number: int
    text: str
    right: bool
    chosen: list[str]
    answer: list[str]  # the right options: empty until the quiz has ended
    explanation: str


def review_for(attempt: QuizAttempt, *, today: date | None = None) -> list[ReviewedQuestion]:
    """A submitted attempt: right or wrong per question; the right options and the explanation only once the quiz
    has ended (so that they cannot help the next sitting)."""
    if attempt.status != AttemptStatus.SUBMITTED:
        return []
    today = today or timezone.localdate()
    ended = attempt.quiz.status == QuizStatus.CLOSED or today > attempt.quiz.ends_on
    ids = [e["q"] for e in attempt.paper]
    found = {q.pk: q for q in Question.objects.filter(pk__in=ids)}
    out = []
    for position, entry in enumerate(attempt.paper):
        question = found[entry["q"]]
        chosen = attempt.answers[position] if position < len(attempt.answers) else []
        out.append(
            ReviewedQuestion(
                number=position + 1,
                text=question.text,
                right=sorted(chosen) == sorted(question.correct),
                chosen=[str(question.options[i]) for i in chosen],
                answer=[str(question.options[i]) for i in question.correct] if ended else [],
                explanation=question.explanation if ended else "",
            )
        )
    return out
