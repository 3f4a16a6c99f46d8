"""Statistics of knowledge quizzes and skill training for the actor's subtree, for one year, in a few aggregate
queries:

- **quizzes** (``contests.view_quiz``) starting in the year: per quiz the members who took part (at least one
  submitted attempt), the attempts by state, the average best score (in percent of the paper) and the full marks;
- **training** (``contests.view_training``) courses starting in the year: places taken, certificates, and the
  training hours per person (hours of the sessions each trainee signed in to), with the largest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.contests.models import (
    AttemptStatus,
    Course,
    EnrolmentStatus,
    Quiz,
    QuizAttempt,
    QuizResult,
    TrainingAttendance,
    TrainingCertificate,
    TrainingEnrolment,
)
from gonghui.contests.permissions import VIEW_QUIZ, VIEW_TRAINING


@dataclass(frozen=True)
class QuizLine:
    quiz_id: int
    title: str
    union: str
    participants: int
    attempts: int
    expired: int
    average: Decimal  # average best score, percent
    full_marks: int


@dataclass(frozen=True)
class PersonHours:
    name: str  # masked
    union: str
    member_no: str
    hours: Decimal
    courses: int


@dataclass
class ContestStats:
    year: int
    can_quiz: bool = False
    can_training: bool = False
    quizzes: list[QuizLine] = field(default_factory=list)
    courses: int = 0
    places: int = 0
    certificates: int = 0
    hours: Decimal = Decimal("0.0")
    trainees: int = 0
    people: list[PersonHours] = field(default_factory=list)

    @property
    def participants(self) -> int:
        return sum(q.participants for q in self.quizzes)

    @property
    def attempts(self) -> int:
        return sum(q.attempts for q in self.quizzes)

    @property
    def hours_per_trainee(self) -> Decimal:
        if not self.trainees:
            return Decimal("0.0")
        return (self.hours / self.trainees).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _percent(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def quiz_lines(*, actor: Actor, year: int) -> list[QuizLine]:
    quizzes = list(
        access.scope(Quiz.objects.filter(starts_on__year=year), actor, VIEW_QUIZ)
        .select_related("unit")
        .order_by("-starts_on", "-pk")[:200]
    )
    ids = [q.pk for q in quizzes]
    attempts = {
        row["quiz_id"]: row
        for row in QuizAttempt.objects.filter(quiz_id__in=ids)
        .values("quiz_id")
        .annotate(n=Count("pk"), expired=Count("pk", filter=Q(status=AttemptStatus.EXPIRED)))
    }
    results = {
        row["quiz_id"]: row
        for row in QuizResult.objects.filter(quiz_id__in=ids)
        .values("quiz_id")
        .annotate(
            n=Count("pk"),
            avg=Avg(F("correct_count") * 100.0 / F("total")),
            full=Count("pk", filter=Q(correct_count=F("total"))),
        )
    }
    out = []
    for quiz in quizzes:
        a, r = attempts.get(quiz.pk, {}), results.get(quiz.pk, {})
        out.append(
            QuizLine(
                quiz_id=quiz.pk,
                title=quiz.title,
                union=quiz.unit.display_name,
                participants=int(r.get("n", 0)),
                attempts=int(a.get("n", 0)),
                expired=int(a.get("expired", 0)),
                average=_percent(r.get("avg")),
                full_marks=int(r.get("full", 0)),
            )
        )
    return out


def training_people(*, actor: Actor, year: int, limit: int = 200) -> list[PersonHours]:
    rows = (
        access.scope(
            TrainingAttendance.objects.filter(session__starts_at__year=year),
            actor,
            VIEW_TRAINING,
            unit_field="session__course__unit",
        )
        .values("enrolment__member_id", "enrolment__member__name", "enrolment__member__member_no")
        .annotate(
            h=Sum("session__hours"),
            courses=Count("enrolment__course", distinct=True),
            union=F("enrolment__member__unit__name"),
        )
        .order_by("-h", "enrolment__member_id")[:limit]
    )
    return [
        PersonHours(
            name=mask_name(r["enrolment__member__name"]),
            union=r["union"],
            member_no=r["enrolment__member__member_no"],
            hours=Decimal(r["h"] or 0),
            courses=int(r["courses"]),
        )
        for r in rows
    ]


def contest_stats(*, actor: Actor, year: int, people_limit: int = 200) -> ContestStats:
    stats = ContestStats(
        year=year,
        can_quiz=access.check_anywhere(actor, VIEW_QUIZ),
        can_training=access.check_anywhere(actor, VIEW_TRAINING),
    )
    if stats.can_quiz:
        stats.quizzes = quiz_lines(actor=actor, year=year)
    if stats.can_training:
        courses = access.scope(Course.objects.filter(starts_on__year=year), actor, VIEW_TRAINING)
        stats.courses = courses.count()
        stats.places = TrainingEnrolment.objects.filter(course__in=courses, status=EnrolmentStatus.ENROLLED).count()
        stats.certificates = TrainingCertificate.objects.filter(
            enrolment__course__in=courses, revoked_at__isnull=True
        ).count()
        totals = access.scope(
            TrainingAttendance.objects.filter(session__starts_at__year=year),
            actor,
            VIEW_TRAINING,
            unit_field="session__course__unit",
        ).aggregate(h=Sum("session__hours"), people=Count("enrolment__member", distinct=True))
        stats.hours = Decimal(totals["h"] or 0)
        stats.trainees = int(totals["people"] or 0)
        stats.people = training_people(actor=actor, year=year, limit=people_limit)
    return stats
