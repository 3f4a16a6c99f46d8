"""Reads of needs surveys: staff lists scoped with ``worker_services.view_surveys``, the results (tallies, charts'
figures, the breakdown by child union with small groups suppressed, the response rate), free-text answers, and the
member's own surveys on the portal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.members.models import Member
from gonghui.members.permissions import VIEW_MEMBER
from gonghui.members.roster.selectors import is_member, my_member
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.models import (
    Survey,
    SurveyParticipation,
    SurveyQuestion,
    SurveyQuestionKind,
    SurveyResponse,
    SurveyStatus,
)
from gonghui.worker_services.permissions import VIEW_SURVEYS
from gonghui.worker_services.surveys import digest, services

K = SurveyQuestionKind
S = SurveyStatus
SURVEY_SORTS = {"opens": "opens_on", "-opens": "-opens_on", "title": "title", "-title": "-title"}


# --- staff ---------------------------------------------------------------------------------------------------------


def survey_list(*, actor: Actor, status: str = "", q: str = "") -> QuerySet[Survey]:
    qs = access.scope(Survey.objects.select_related("unit"), actor, VIEW_SURVEYS)
    if status in S.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.annotate(answers=Count("participations", distinct=True))


def survey_get(*, actor: Actor, survey_id: object) -> Survey:
    try:
        pk = int(str(survey_id))
    except ValueError:
        raise access.NotVisible from None
    survey = Survey.objects.select_related("unit").filter(pk=pk).first()
    access.require_visible(actor, VIEW_SURVEYS, survey.unit if survey else None)
    assert survey is not None
    return survey


def question_list(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.order_by("position", "pk"))


def question_get(*, survey: Survey, question_id: object) -> SurveyQuestion:
    try:
        pk = int(str(question_id))
    except ValueError:
        raise access.NotVisible from None
    question = SurveyQuestion.objects.filter(pk=pk, survey=survey).select_related("survey__unit").first()
    if question is None:
        raise access.NotVisible
    return question


# --- tallies -------------------------------------------------------------------------------------------------------


def share(part: int, whole: int) -> Decimal:
    """``part / whole`` in percent, one place (0 when nobody answered)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class OptionCount:
    label: str
    count: int = 0
    share: Decimal = Decimal("0.0")


@dataclass
class QuestionTally:
    question: SurveyQuestion
    answered: int = 0
    options: list[OptionCount] = field(default_factory=list)
    average: Decimal | None = None
    texts: int = 0


def tally(questions: Sequence[SurveyQuestion], answers: Iterable[dict[str, Any]]) -> list[QuestionTally]:
    """Per question: how many answered it; for choices the count and share (of those who answered the question) of
    each option; for the scale the count of each score and the average (two places); for free text the count."""
    rows = {
        str(q.pk): QuestionTally(
            question=q,
            options=[OptionCount(label=o) for o in q.options]
            if q.kind in (K.SINGLE, K.MULTIPLE)
            else [OptionCount(label=str(n)) for n in services.SCALE]
            if q.kind == K.SCALE
            else [],
        )
        for q in questions
    }
    total_score = {key: 0 for key in rows}
    for answer in answers:
        for key, value in answer.items():
            row = rows.get(key)
            if row is None:
                continue
            kind = row.question.kind
            row.answered += 1
            if kind == K.TEXT:
                row.texts += 1
            elif kind == K.SCALE:
                row.options[int(value) - 1].count += 1
                total_score[key] += int(value)
            else:
                for index in value:
                    if 0 <= index < len(row.options):
                        row.options[index].count += 1
    for key, row in rows.items():
        for option in row.options:
            option.share = share(option.count, row.answered)
        if row.question.kind == K.SCALE and row.answered:
            row.average = (Decimal(total_score[key]) / row.answered).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return list(rows.values())


@dataclass
class GroupRow:
    unit: OrgUnit
    answers: int
    audience: int
    rate: Decimal
    suppressed: bool
    tallies: list[QuestionTally] = field(default_factory=list)


@dataclass
class Results:
    survey: Survey
    questions: list[SurveyQuestion]
    answers: int
    audience: int
    rate: Decimal
    shown: bool  # False for an anonymous survey with fewer answers than the group minimum
    tallies: list[QuestionTally]
    groups: list[GroupRow]


def audience_size(survey: Survey) -> int:
    """The audience counted when the survey opened (a draft: counted now)."""
    return survey.audience_size if survey.status != S.DRAFT else services.audience_count(survey)


def results(survey: Survey, *, breakdown: bool = True) -> Results:
    """The results of ``survey``: one pass over its answers; groups (the child unions) below the survey's minimum
    show their count only, not their answers, and are marked suppressed."""
    questions = question_list(survey)
    by_group: dict[int | None, list[dict[str, Any]]] = {}
    everything: list[dict[str, Any]] = []
    for group_id, answers in SurveyResponse.objects.filter(survey=survey).values_list("group_id", "answers").iterator():
        by_group.setdefault(group_id, []).append(answers)
        everything.append(answers)
    audience = audience_size(survey)
    answered = len(everything)
    shown = not survey.anonymous or answered >= survey.min_group
    groups: list[GroupRow] = []
    if breakdown and shown:
        children = {u.pk: u for u in OrgUnit.objects.filter(pk__in=[g for g in by_group if g is not None])}
        audience_by: dict[str, int] = {}
        members = Member.objects.filter(services.audience_q(survey)).values_list("unit__path", flat=True)
        for path in members.iterator():
            key = services.group_path(survey, path)
            audience_by[key] = audience_by.get(key, 0) + 1
        for key_id, rows in sorted(by_group.items(), key=lambda item: len(item[1]), reverse=True):
            unit = children.get(key_id) if key_id is not None else None
            if unit is None:
                continue
            suppressed = len(rows) < survey.min_group
            groups.append(
                GroupRow(
                    unit=unit,
                    answers=len(rows),
                    audience=audience_by.get(unit.path, 0),
                    rate=share(len(rows), audience_by.get(unit.path, 0)),
                    suppressed=suppressed,
                    tallies=[] if suppressed else tally(questions, rows),
                )
            )
    return Results(
        survey=survey,
        questions=questions,
        answers=answered,
        audience=audience,
        rate=share(answered, audience),
        shown=shown,
        tallies=tally(questions, everything) if shown else [],
        groups=groups,
    )


def free_texts(survey: Survey, question: SurveyQuestion) -> QuerySet[SurveyResponse]:
    """The responses that answered a free-text question, in the order of their random keys (never by time)."""
    return SurveyResponse.objects.filter(survey=survey, answers__has_key=str(question.pk)).order_by("id")


def named_responses(*, actor: Actor, survey: Survey) -> QuerySet[SurveyResponse]:
    """A named survey's responses with their member, for staff who may see that member (empty when anonymous)."""
    if survey.anonymous:
        return SurveyResponse.objects.none()
    visible = access.scope(Member.objects.all(), actor, VIEW_MEMBER)
    return (
        SurveyResponse.objects.filter(survey=survey, member__in=visible)
        .select_related("member", "member__unit")
        .order_by("member__name_sort", "id")
    )


# --- the member's own -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MySurvey:
    survey: Survey
    answered: bool
    answerable: bool


def _mine_qs(member: Member) -> QuerySet[Survey]:
    """Surveys whose audience may hold ``member`` (status and the subtree here; narrowing checked in Python)."""
    paths = [member.unit.path[:i] for i in range(OrgUnit.steplen, len(member.unit.path) + 1, OrgUnit.steplen)]
    return (
        Survey.objects.filter(unit__path__in=paths)
        .exclude(status=S.DRAFT)
        .select_related("unit")
        .prefetch_related("units", "questions")
        .annotate(
            mine=Exists(SurveyParticipation.objects.filter(survey=OuterRef("pk"), member=member)),
        )
    )


def my_surveys(*, actor: Actor, today: date | None = None) -> list[MySurvey]:
    member = my_member(actor=actor)
    if member is None:
        return []
    today = today or timezone.localdate()
    out = []
    for survey in _mine_qs(member).order_by("-opens_on", "-pk")[:200]:
        if not services.in_audience(survey, member, [u.path for u in survey.units.all()]):
            continue
        answered = bool(getattr(survey, "mine", False))
        out.append(
            MySurvey(
                survey=survey, answered=answered, answerable=not answered and services.is_answerable(survey, today)
            )
        )
    return out


def my_survey(*, actor: Actor, survey_id: object) -> tuple[Survey, Member, bool]:
    """A survey of the signed-in member's audience (404 otherwise), the member, and whether they answered."""
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    try:
        pk = int(str(survey_id))
    except ValueError:
        raise access.NotVisible from None
    survey = Survey.objects.select_related("unit").filter(pk=pk).first()
    if survey is None or not services.visible_to_member(survey, member):
        raise access.NotVisible
    return survey, member, services.has_answered(survey, member)


_OPEN_MEMO = "_gonghui_open_survey"


def has_open_survey(user: Actor) -> bool:
    """The portal tile's predicate: the signed-in member has an open survey to answer today. No query when no
    survey is open today (the cached digest); otherwise one query (open surveys of an ancestor union holding the
    member, not yet answered), and the narrowed audiences are checked only when there is a candidate. Memoized on
    the user for the request."""
    memo = getattr(user, _OPEN_MEMO, None)
    if memo is not None:
        return bool(memo)
    found = False
    today = timezone.localdate()
    # Surveys go to members: anyone else is answered by the membership the other tiles asked for (memoized).
    running = digest.open_today(today) if is_member(actor=user) else []
    if user is not None and getattr(user, "is_authenticated", False) and running:
        holder = Member.objects.filter(
            user_id=user.pk, status__in=services.AUDIENCE_STATUSES, unit__path__startswith=OuterRef("unit__path")
        )
        answered = SurveyParticipation.objects.filter(survey=OuterRef("pk"), member__user_id=user.pk)
        candidates = list(
            Survey.objects.filter(
                pk__in=[pk for pk, path in running], status=S.OPEN, opens_on__lte=today, closes_on__gte=today
            )
            .filter(Exists(holder))
            .exclude(Exists(answered))
            .values_list("pk", flat=True)[:20]
        )
        if candidates:
            member = my_member(actor=user)
            surveys = Survey.objects.filter(pk__in=candidates).select_related("unit").prefetch_related("units")
            found = member is not None and any(services.in_audience(s, member) for s in surveys)
    if user is not None:
        setattr(user, _OPEN_MEMO, found)
    return found
