"""Knowledge quizzes: the question bank (by hand and from ``.xlsx``, all or nothing), quizzes, and attempts.

Anti-cheat rules, all enforced here (the browser is never trusted):

- **The paper lives on the server.** Starting an attempt draws ``paper_size`` questions at random from the quiz's
  categories and shuffles each question's options; the attempt stores both orders. The page shows the questions
  and the options by their *position* only; which options are right is never rendered before submission, and the
  answer sent back is a list of positions, mapped to the question's own options on the server.
- **The timer is the server's.** ``started_at`` and ``deadline`` are written when the attempt starts; a submission
  received after ``deadline`` + the quiz's grace (policy ``contests.quiz_grace_seconds``, for network latency) is
  refused and the attempt is recorded as expired (it counts as a sitting of the day, with no score). A job closes
  attempts left open past their deadline the same way.
- **Once.** An attempt is submitted once: a second submission, a replay of an old attempt's form or of a request,
  is refused (the attempt is no longer open) and changes nothing.
- **One open attempt per member and quiz**, held by a partial unique constraint: a second device or a double click
  on "start" resumes the open attempt (same paper, same deadline) instead of starting another.
- **Attempts per day** count the sittings started on the local day (submitted or expired alike).
- **The best score counts**: ``QuizResult`` keeps each member's best attempt (most correct answers, then the
  shortest time, then the earliest); the leaderboard of a union is its members' results.

A multiple-choice question counts as correct only when exactly the right options are chosen; an unanswered
question is wrong.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.sheets import cells, reading
from gonghui.contests.models import (
    AttemptStatus,
    Question,
    QuestionCategory,
    QuestionKind,
    Quiz,
    QuizAttempt,
    QuizResult,
    QuizStatus,
)
from gonghui.contests.permissions import MANAGE_QUIZ, VIEW_QUIZ
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get

MAX_OPTIONS = 6
LETTERS = "ABCDEF"
IMPORT_MAX_BYTES = 5 << 20
IMPORT_MAX_ROWS = 2000
TRUE_WORDS = {"对", "正确", "是", "√", "T", "TRUE", "Y"}
FALSE_WORDS = {"错", "错误", "否", "×", "F", "FALSE", "N"}

_random = secrets.SystemRandom()


# --- small helpers -------------------------------------------------------------------------------------------------


def clean_text(value: str | None, *, field: str, label: str, limit: int, required: bool = False) -> str:
    """One line of text: whitespace collapsed, NULs dropped, required and length checked (errors on ``field``)."""
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_QUIZ, perm=MANAGE_QUIZ, unit=unit)


def _stale(message: str) -> ValidationError:
    return ValidationError(message, code="stale")


# --- the question bank ---------------------------------------------------------------------------------------------


def category_create(*, actor: Actor, unit: OrgUnit, name: str) -> QuestionCategory:
    require_manage(actor, unit)
    name = clean_text(name, field="name", label=_("分类名称"), limit=40, required=True)
    try:
        with transaction.atomic():
            category = QuestionCategory.objects.create(unit=unit, name=name)
            audit_record(
                actor=actor, action="contests.quiz_category_create", target=category, target_repr=name, unit=unit
            )
    except IntegrityError:
        raise ValidationError({"name": _("本工会已有该分类。")}, code="duplicate") from None
    return category


def check_question(kind: str, text: str, options: Sequence[str], correct: Iterable[int]) -> tuple[list[str], list[int]]:
    """The cleaned options and sorted right answers of a question, or a ``ValidationError`` saying what is wrong
    (the reason alone: the import puts the row number in front)."""
    if kind not in QuestionKind.values:
        raise ValidationError(_("题型须为单选题、多选题或判断题"), code="kind")
    if kind == QuestionKind.TRUE_FALSE:
        opts = [_("正确"), _("错误")]
    else:
        opts = [" ".join(str(o or "").split()) for o in options]
        while opts and not opts[-1]:
            opts.pop()
        if len(opts) < 2:
            raise ValidationError(_("至少需要两个选项"), code="options")
        if len(opts) > MAX_OPTIONS:
            raise ValidationError(_("最多 %(n)d 个选项") % {"n": MAX_OPTIONS}, code="options")
        if any(not o for o in opts):
            raise ValidationError(_("选项不能留空"), code="options")
        if any(len(o) > 200 for o in opts):
            raise ValidationError(_("选项不能超过 200 个字"), code="options")
        if len(set(opts)) != len(opts):
            raise ValidationError(_("选项不能重复"), code="options")
    if not text:
        raise ValidationError(_("缺少题干"), code="text")
    right = sorted(set(correct))
    if not right or any(i < 0 or i >= len(opts) for i in right):
        raise ValidationError(_("答案须是已有的选项"), code="correct")
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(right) != 1:
        raise ValidationError(_("单选题和判断题只能有一个答案"), code="correct")
    if kind == QuestionKind.MULTIPLE and len(right) < 2:
        raise ValidationError(_("多选题至少有两个答案"), code="correct")
    return opts, right


def question_create(
    *,
    actor: Actor,
    category: QuestionCategory,
    kind: str,
    text: str,
    options: Sequence[str],
    correct: Iterable[int],
    explanation: str = "",
) -> Question:
    unit = category.unit
    require_manage(actor, unit)
    user = access.require_user(actor)
    text = clean_text(text, field="text", label=_("题干"), limit=500, required=True)
    explanation = clean_text(explanation, field="explanation", label=_("解析"), limit=500)
    try:
        opts, right = check_question(kind, text, options, correct)
    except ValidationError as exc:
        field = {"options": "options", "correct": "correct", "kind": "kind"}.get(exc.code or "", "text")
        raise ValidationError({field: exc.messages}, code=exc.code) from None
    with transaction.atomic():
        question = Question.objects.create(
            unit=unit,
            category=category,
            kind=kind,
            text=text,
            options=opts,
            correct=right,
            explanation=explanation,
            created_by=user,
        )
        audit_record(
            actor=actor,
            action="contests.question_create",
            target=question,
            target_repr=text[:60],
            unit=unit,
            data={"category": category.pk, "kind": kind},
        )
    return question


def question_set_active(*, actor: Actor, question: Question, active: bool) -> Question:
    """A question is taken out of (or put back into) the papers drawn from now on; papers drawn keep it."""
    require_manage(actor, question.unit)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.active == active:
            return locked
        locked.active = active
        locked.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action="contests.question_update",
            target=locked,
            target_repr=locked.text[:60],
            unit=locked.unit,
            before={"active": not active},
            after={"active": active},
        )
    return locked


IMPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "category": ("分类", "题目分类", "category"),
    "kind": ("题型", "类型", "kind"),
    "text": ("题干", "题目", "question"),
    **{f"option{i}": (f"选项{letter}", letter, f"option{letter}") for i, letter in enumerate(LETTERS)},
    "answer": ("答案", "正确答案", "answer"),
    "explanation": ("解析", "说明", "explanation"),
}
KIND_WORDS = {
    "单选": QuestionKind.SINGLE,
    "单选题": QuestionKind.SINGLE,
    "single": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "multiple": QuestionKind.MULTIPLE,
    "判断": QuestionKind.TRUE_FALSE,
    "判断题": QuestionKind.TRUE_FALSE,
    "true_false": QuestionKind.TRUE_FALSE,
}


def parse_answer(kind: str, raw: str) -> list[int]:
    """``"B"`` → ``[1]``, ``"A,C"`` / ``"AC"`` → ``[0, 2]``; for true/false ``对``/``错`` → ``[0]``/``[1]``."""
    word = raw.strip().upper()
    if kind == QuestionKind.TRUE_FALSE:
        if word in TRUE_WORDS:
            return [0]
        if word in FALSE_WORDS:
            return [1]
        raise ValidationError(_("判断题答案须填“对”或“错”"), code="correct")
    letters = [c for c in word if c not in " ,，、;；"]
    if not letters or any(c not in LETTERS for c in letters):
        raise ValidationError(_("答案须填选项字母，如 B 或 AC"), code="correct")
    return [LETTERS.index(c) for c in letters]


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    categories_created: int


def question_import(*, actor: Actor, unit: OrgUnit, upload: UploadedFile) -> ImportOutcome:
    """Questions from ``.xlsx`` (分类, 题型, 题干, 选项A…选项F, 答案, 解析): every row is checked; any error refuses the
    whole file, naming each row and its reason (nothing is written). Categories not yet in the union's bank are
    created with the questions."""
    require_manage(actor, unit)
    user = access.require_user(actor)
    rows = list(reading.upload_rows(upload, max_bytes=IMPORT_MAX_BYTES))
    if not rows:
        raise ValidationError(_("文件是空的。"), code="empty")
    header = cells.header_index(rows[0], IMPORT_HEADERS)
    missing = [IMPORT_HEADERS[key][0] for key in ("category", "kind", "text", "answer") if key not in header]
    if missing:
        raise ValidationError(_("第 1 行缺少列：%(cols)s。") % {"cols": "、".join(missing)}, code="header")
    body = [(i, r) for i, r in enumerate(rows[1:], start=2) if not cells.is_blank(r)]
    if not body:
        raise ValidationError(_("文件中没有题目。"), code="empty")
    if len(body) > IMPORT_MAX_ROWS:
        raise ValidationError(_("一次最多导入 %(n)d 行。") % {"n": IMPORT_MAX_ROWS}, code="too_many")
    existing = {c.name: c for c in QuestionCategory.objects.filter(unit=unit)}
    parsed: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in body:

        def value(key: str, row: Sequence[object] = row) -> str:
            return cells.text(cells.cell(row, header.get(key)))

        try:
            category = value("category")
            if not category:
                raise ValidationError(_("缺少分类"), code="category")
            if len(category) > 40:
                raise ValidationError(_("分类不能超过 40 个字"), code="category")
            kind = KIND_WORDS.get(value("kind").lower())
            if kind is None:
                raise ValidationError(_("题型须为单选、多选或判断"), code="kind")
            text = value("text")
            if len(text) > 500:
                raise ValidationError(_("题干不能超过 500 个字"), code="text")
            options = [value(f"option{i}") for i in range(MAX_OPTIONS)]
            answer = parse_answer(kind, value("answer"))
            opts, right = check_question(kind, text, options, answer)
            key = (category, text)
            if key in seen:
                raise ValidationError(_("与第 %(line)d 行题目重复") % {"line": seen[key]}, code="duplicate")
            seen[key] = line
        except ValidationError as exc:
            errors.append(_("第 %(line)d 行：%(problem)s。") % {"line": line, "problem": exc.messages[0]})
            continue
        parsed.append(
            {
                "category": category,
                "kind": kind,
                "text": text,
                "options": opts,
                "correct": right,
                "explanation": value("explanation")[:500],
            }
        )
    if errors:
        shown = errors[:50]
        if len(errors) > 50:
            shown.append(_("……另有 %(n)d 行错误。") % {"n": len(errors) - 50})
        raise ValidationError(shown, code="rows")
    with transaction.atomic():
        new_names = sorted({p["category"] for p in parsed} - set(existing))
        for name in new_names:
            existing[name] = QuestionCategory.objects.create(unit=unit, name=name)
        Question.objects.bulk_create(
            [
                Question(
                    unit=unit,
                    category=existing[p["category"]],
                    kind=p["kind"],
                    text=p["text"],
                    options=p["options"],
                    correct=p["correct"],
                    explanation=p["explanation"],
                    created_by=user,
                )
                for p in parsed
            ]
        )
        audit_record(
            actor=actor,
            action="contests.question_import",
            target=unit,
            target_repr=upload.name or "",
            unit=unit,
            data={"questions": len(parsed), "categories": new_names},
        )
    return ImportOutcome(created=len(parsed), categories_created=len(new_names))


# --- quizzes -------------------------------------------------------------------------------------------------------


def quiz_defaults(unit: OrgUnit) -> dict[str, int]:
    """A new quiz's paper size, time limit and attempts per day at ``unit`` (policy)."""
    return {
        "paper_size": int(policy_get("contests.quiz_paper_size", unit).value),
        "time_limit_minutes": int(policy_get("contests.quiz_time_limit_minutes", unit).value),
        "attempts_per_day": int(policy_get("contests.quiz_attempts_per_day", unit).value),
    }


def usable_categories(unit: OrgUnit) -> Any:
    """Categories a quiz of ``unit`` may draw from: its own bank and its ancestors' banks."""
    paths = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    return QuestionCategory.objects.filter(unit__path__in=paths).select_related("unit").order_by("unit__depth", "name")


def pool_size(categories: Iterable[QuestionCategory]) -> int:
    return Question.objects.filter(category__in=list(categories), active=True).count()


def quiz_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    starts_on: date,
    ends_on: date,
    categories: Sequence[QuestionCategory],
    description: str = "",
    paper_size: int | None = None,
    time_limit_minutes: int | None = None,
    attempts_per_day: int | None = None,
) -> Quiz:
    """A draft quiz; what is not given comes from the policy in force at ``unit`` (the records are kept)."""
    require_manage(actor, unit)
    user = access.require_user(actor)
    title = clean_text(title, field="title", label=_("竞赛名称"), limit=120, required=True)
    description = (description or "").replace("\x00", "").strip()[:2000]
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")}, code="dates")
    resolved = {
        "paper_size": policy_get("contests.quiz_paper_size", unit),
        "time_limit_minutes": policy_get("contests.quiz_time_limit_minutes", unit),
        "attempts_per_day": policy_get("contests.quiz_attempts_per_day", unit),
        "grace_seconds": policy_get("contests.quiz_grace_seconds", unit),
    }
    given = {"paper_size": paper_size, "time_limit_minutes": time_limit_minutes, "attempts_per_day": attempts_per_day}
    values = {k: int(given.get(k) or resolved[k].value) for k in resolved}
    bounds = {"paper_size": (1, 100), "time_limit_minutes": (1, 180), "attempts_per_day": (1, 20)}
    for key, (low, high) in bounds.items():
        if not low <= values[key] <= high:
            raise ValidationError(
                {key: _("须在 %(low)d 至 %(high)d 之间。") % {"low": low, "high": high}}, code="range"
            )
    allowed = {c.pk for c in usable_categories(unit)}
    chosen = list(categories)
    if not chosen:
        raise ValidationError({"categories": _("请至少选择一个出题分类。")}, code="categories")
    if any(c.pk not in allowed for c in chosen):
        raise ValidationError({"categories": _("只能选择本工会或上级工会题库的分类。")}, code="categories")
    with transaction.atomic():
        quiz = Quiz.objects.create(
            unit=unit,
            title=title,
            description=description,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=user,
            policy_record_ids=sorted({r.record.pk for r in resolved.values() if r.record is not None}),
            **values,
        )
        quiz.categories.set(chosen)
        audit_record(
            actor=actor,
            action="contests.quiz_create",
            target=quiz,
            target_repr=title,
            unit=unit,
            data={**values, "categories": [c.pk for c in chosen]},
        )
    return quiz


def _lock_quiz(quiz: Quiz) -> Quiz:
    return Quiz.objects.select_for_update(of=("self",)).select_related("unit").get(pk=quiz.pk)


def quiz_publish(*, actor: Actor, quiz: Quiz) -> Quiz:
    """A draft quiz opens to the members (from its start date): the bank must hold a full paper."""
    require_manage(actor, quiz.unit)
    with transaction.atomic():
        locked = _lock_quiz(quiz)
        if locked.status != QuizStatus.DRAFT:
            raise _stale(_("只有草稿状态的竞赛可以发布。"))
        available = pool_size(locked.categories.all())
        if available < locked.paper_size:
            raise ValidationError(
                _("所选分类只有 %(n)d 道启用的题目，不够组成 %(size)d 题的试卷。")
                % {"n": available, "size": locked.paper_size},
                code="pool",
            )
        locked.status, locked.published_at = QuizStatus.PUBLISHED, timezone.now()
        locked.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor, action="contests.quiz_publish", target=locked, target_repr=locked.title, unit=locked.unit
        )
    return locked


def quiz_close(*, actor: Actor, quiz: Quiz) -> Quiz:
    """The quiz ends early (or is closed after its end date): no new attempt starts; open ones can still be
    submitted until their own deadline."""
    require_manage(actor, quiz.unit)
    with transaction.atomic():
        locked = _lock_quiz(quiz)
        if locked.status != QuizStatus.PUBLISHED:
            raise _stale(_("只有已发布的竞赛可以结束。"))
        locked.status, locked.closed_at = QuizStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=actor, action="contests.quiz_close", target=locked, target_repr=locked.title, unit=locked.unit
        )
    return locked


# --- attempts ------------------------------------------------------------------------------------------------------


def in_scope(quiz: Quiz, member: Member) -> bool:
    """Members of the quiz union's subtree take part."""
    return member.unit.path.startswith(quiz.unit.path)


def is_running(quiz: Quiz, today: date) -> bool:
    return quiz.status == QuizStatus.PUBLISHED and quiz.starts_on <= today <= quiz.ends_on


def _member(actor: Actor) -> Member:
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    return member


def _visible_to(quiz: Quiz, member: Member) -> None:
    if quiz.status == QuizStatus.DRAFT or not in_scope(quiz, member):
        raise access.NotVisible


def late_after(attempt: QuizAttempt, quiz: Quiz) -> datetime:
    """The last instant a submission of ``attempt`` is accepted: its deadline plus the quiz's grace."""
    return attempt.deadline + timedelta(seconds=quiz.grace_seconds)


def _expire(attempt: QuizAttempt, *, actor: Actor | None, reason: str) -> None:
    attempt.status = AttemptStatus.EXPIRED
    attempt.total = len(attempt.paper)
    attempt.save(update_fields=["status", "total"])
    audit_record(
        actor=actor,
        action="contests.quiz_attempt_expire",
        target=attempt,
        target_repr=attempt.quiz.title,
        unit=attempt.unit,
        data={"quiz": attempt.quiz_id, "reason": reason},
    )


def draw_paper(quiz: Quiz, rng: Any = None) -> list[dict[str, Any]]:
    """A random paper: ``paper_size`` active questions of the quiz's categories, each with a random option order."""
    rng = rng or _random
    pool = list(Question.objects.filter(category__in=quiz.categories.all(), active=True).values_list("pk", "options"))
    if len(pool) < quiz.paper_size:
        raise ValidationError(_("题库中的题目不足，暂时无法出卷，请联系工会。"), code="pool")
    paper = []
    for pk, options in rng.sample(pool, quiz.paper_size):
        order = list(range(len(options)))
        rng.shuffle(order)
        paper.append({"q": pk, "o": order})
    return paper


def attempt_start(*, actor: Actor, quiz: Quiz, now: datetime | None = None) -> QuizAttempt:
    """The signed-in member starts a sitting of ``quiz`` (or resumes the one still open: same paper, same deadline).
    Refused outside the quiz's dates, or when the day's attempts are used up."""
    member = _member(actor)
    quiz = Quiz.objects.select_related("unit").get(pk=quiz.pk)
    _visible_to(quiz, member)
    now = now or timezone.now()
    today = timezone.localdate(now)
    already = ValidationError(_("请勿重复开始答题。"), code="open")
    try:
        with transaction.atomic():
            locked = quiz
            open_attempt = (
                QuizAttempt.objects.select_for_update()
                .select_related("quiz", "unit")
                .filter(quiz=locked, member=member, status=AttemptStatus.OPEN)
                .first()
            )
            if open_attempt is not None:
                if now <= late_after(open_attempt, locked):
                    return open_attempt
                _expire(open_attempt, actor=actor, reason="late")
            if not is_running(locked, today):
                raise ValidationError(_("竞赛不在答题时间内。"), code="closed")
            used = QuizAttempt.objects.filter(quiz=locked, member=member, day=today).count()
            if used >= locked.attempts_per_day:
                raise ValidationError(
                    _("今天的 %(n)d 次答题机会已用完，请明天再来。") % {"n": locked.attempts_per_day}, code="quota"
                )
            attempt = QuizAttempt.objects.create(
                quiz=locked,
                member=member,
                unit=member.unit,
                day=today,
                number=used + 1,
                paper=draw_paper(locked),
                started_at=now,
                deadline=now + timedelta(minutes=locked.time_limit_minutes),
                total=locked.paper_size,
            )
            audit_record(
                actor=actor,
                action="contests.quiz_attempt_start",
                target=attempt,
                target_repr=locked.title,
                unit=member.unit,
                data={"quiz": locked.pk, "number": attempt.number},
            )
    except IntegrityError:
        # Another request of the same member started one at the same instant: that one is the open attempt.
        found = (
            QuizAttempt.objects.select_related("quiz", "unit")
            .filter(quiz=quiz, member=member, status=AttemptStatus.OPEN)
            .first()
        )
        if found is None:
            raise already from None
        return found
    return attempt


def score(paper: Sequence[dict[str, Any]], chosen: Sequence[Sequence[int]], right: dict[int, list[int]]) -> list[bool]:
    """Per paper position: whether the options chosen there (by their shown positions) are exactly the right ones
    of the question (``right``: question id → its right option indexes)."""
    marks = []
    for position, entry in enumerate(paper):
        shown = chosen[position] if position < len(chosen) else []
        picked = sorted({entry["o"][p] for p in shown})
        marks.append(bool(picked) and picked == sorted(right.get(entry["q"], [])))
    return marks


def clean_answers(paper: Sequence[dict[str, Any]], kinds: dict[int, str], raw: dict[int, list[Any]]) -> list[list[int]]:
    """The positions chosen per paper position from the request (``raw``: position → values), checked: each a shown
    position of that question; one at most for single choice and true/false."""
    out: list[list[int]] = []
    for position, entry in enumerate(paper):
        values = raw.get(position, [])
        picked: set[int] = set()
        for value in values:
            try:
                index = int(str(value))
            except ValueError:
                raise ValidationError(_("答案格式不正确。"), code="answers") from None
            if not 0 <= index < len(entry["o"]):
                raise ValidationError(_("答案格式不正确。"), code="answers")
            picked.add(index)
        if kinds.get(entry["q"]) != QuestionKind.MULTIPLE and len(picked) > 1:
            raise ValidationError(_("单选题和判断题只能选一个答案。"), code="answers")
        out.append(sorted(picked))
    return out


def _record_best(attempt: QuizAttempt) -> QuizResult:
    result = QuizResult.objects.select_for_update().filter(quiz_id=attempt.quiz_id, member_id=attempt.member_id).first()
    if result is None:
        return QuizResult.objects.create(
            quiz_id=attempt.quiz_id,
            member_id=attempt.member_id,
            unit_id=attempt.unit_id,
            best_attempt=attempt,
            correct_count=attempt.correct_count,
            total=attempt.total,
            seconds=attempt.seconds,
            attempts=1,
        )
    result.attempts += 1
    if (attempt.correct_count, -attempt.seconds) > (result.correct_count, -result.seconds):
        result.best_attempt = attempt
        result.correct_count, result.total, result.seconds = attempt.correct_count, attempt.total, attempt.seconds
        result.unit_id = attempt.unit_id
    result.save()
    return result


class LateSubmission(ValidationError):
    """The submission came after the deadline and its grace: refused; the attempt was recorded as expired."""


def attempt_submit(
    *, actor: Actor, attempt_id: object, answers: dict[int, list[Any]], now: datetime | None = None
) -> QuizAttempt:
    """The member hands in ``attempt_id`` once, with the shown positions chosen per paper position. A second
    submission (double click, replayed request, an old attempt's page) is refused and changes nothing; a submission
    past the deadline and its grace is refused and closes the attempt as expired."""
    member = _member(actor)
    now = now or timezone.now()
    try:
        pk = int(str(attempt_id))
    except ValueError:
        raise access.NotVisible from None
    late = False
    with transaction.atomic():
        attempt = (
            QuizAttempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "unit")
            .filter(pk=pk, member=member)
            .first()
        )
        if attempt is None:
            raise access.NotVisible
        if attempt.status != AttemptStatus.OPEN:
            raise ValidationError(_("本次答题已经交卷或已超时，不能再次提交。"), code="submitted")
        if now > late_after(attempt, attempt.quiz):
            _expire(attempt, actor=actor, reason="late_submission")
            late = True
        else:
            ids = [e["q"] for e in attempt.paper]
            rows = Question.objects.filter(pk__in=ids).values_list("pk", "kind", "correct")
            kinds = {pk: kind for pk, kind, _c in rows}
            right = {pk: list(c) for pk, _k, c in rows}
            chosen = clean_answers(attempt.paper, kinds, answers)
            marks = score(attempt.paper, chosen, right)
            finished = min(now, attempt.deadline)
            attempt.answers = [
                [attempt.paper[p]["o"][i] for i in shown] for p, shown in enumerate(chosen)
            ]  # stored as the question's own option indexes
            attempt.correct_count = sum(marks)
            attempt.total = len(marks)
            attempt.seconds = max(0, int((finished - attempt.started_at).total_seconds()))
            attempt.status, attempt.submitted_at = AttemptStatus.SUBMITTED, now
            attempt.save(update_fields=["answers", "correct_count", "total", "seconds", "status", "submitted_at"])
            _record_best(attempt)
            audit_record(
                actor=actor,
                action="contests.quiz_attempt_submit",
                target=attempt,
                target_repr=attempt.quiz.title,
                unit=attempt.unit,
                data={"quiz": attempt.quiz_id, "correct": attempt.correct_count, "seconds": attempt.seconds},
            )
    if late:
        raise LateSubmission(_("已超过答题时限，本次交卷无效，记为超时。"), code="late")
    return attempt


def attempts_expire_due(*, now: datetime | None = None) -> int:
    """Close every attempt left open past its deadline and grace (the recurring job): it counts as a sitting of its
    day with no score, and frees the member to start the next one."""
    now = now or timezone.now()
    done = 0
    candidates = QuizAttempt.objects.filter(status=AttemptStatus.OPEN, deadline__lt=now).values_list("pk", flat=True)
    for pk in list(candidates[:1000]):
        with transaction.atomic():
            attempt = (
                QuizAttempt.objects.select_for_update(of=("self",))
                .select_related("quiz", "unit")
                .filter(pk=pk, status=AttemptStatus.OPEN)
                .first()
            )
            if attempt is None or now <= late_after(attempt, attempt.quiz):
                continue
            _expire(attempt, actor=None, reason="timeout")
            done += 1
    return done
