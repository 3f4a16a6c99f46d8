"""Quiz services: the bank (by hand, the all-or-nothing import), quizzes with policy defaults, and attempts that
cannot be cheated: a server-side paper and timer, one submission, one open attempt, attempts per day, the best
score; and the authorization matrix of every staff service."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import Workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import service_matrix
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
from gonghui.contests.quiz import services
from gonghui.contests.quiz.tests import kit as k
from gonghui.policy.services import policy_set

pytestmark = pytest.mark.django_db


def clerk(world, unit=None):
    return world.staff("qc", unit or world.target, [VIEW_QUIZ, MANAGE_QUIZ])


def xlsx(rows: Sequence[Sequence[object]], name: str = "题库.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


HEADER = ["分类", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析"]


# --- attempts: the whole sitting -----------------------------------------------------------------------------------


def test_attempt_scored_on_the_server_and_best_score_counts(world):
    kit = k.quiz_kit(world.child, members=2, paper_size=5)
    member, user = kit.members[0]
    first = services.attempt_start(actor=user, quiz=kit.quiz)
    assert first.status == AttemptStatus.OPEN
    assert len(first.paper) == 5
    assert len({e["q"] for e in first.paper}) == 5  # no question twice
    assert first.deadline - first.started_at == timedelta(minutes=10)
    done = services.attempt_submit(
        actor=user, attempt_id=first.pk, answers=k.wrong_answers(first), now=first.started_at + timedelta(seconds=90)
    )
    assert (done.correct_count, done.total, done.seconds) == (0, 5, 90)
    second = services.attempt_start(actor=user, quiz=kit.quiz)
    assert second.pk != first.pk
    assert second.number == 2
    services.attempt_submit(
        actor=user,
        attempt_id=second.pk,
        answers=k.right_answers(second),
        now=second.started_at + timedelta(seconds=200),
    )
    result = QuizResult.objects.get(quiz=kit.quiz, member=member)
    assert (result.correct_count, result.seconds, result.attempts, result.best_attempt_id) == (5, 200, 2, second.pk)
    third = services.attempt_start(actor=user, quiz=kit.quiz)
    services.attempt_submit(
        actor=user, attempt_id=third.pk, answers=k.right_answers(third), now=third.started_at + timedelta(seconds=300)
    )
    result.refresh_from_db()
    assert (result.correct_count, result.seconds, result.best_attempt_id) == (5, 200, second.pk)  # slower: not better
    assert AuditEvent.objects.filter(action="contests.quiz_attempt_submit").count() == 3


def test_a_submission_is_accepted_once_and_a_replay_changes_nothing(world):
    kit = k.quiz_kit(world.child, members=1)
    _member, user = kit.members[0]
    attempt = services.attempt_start(actor=user, quiz=kit.quiz)
    services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=k.wrong_answers(attempt))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=k.right_answers(attempt))
    assert error.value.code == "submitted"
    attempt.refresh_from_db()
    assert attempt.correct_count == 0
    assert QuizResult.objects.get(quiz=kit.quiz).correct_count == 0
    assert AuditEvent.objects.count() == events


def test_an_old_attempt_replayed_while_a_new_one_is_open_is_refused(world):
    kit = k.quiz_kit(world.child, members=1)
    _member, user = kit.members[0]
    old = services.attempt_start(actor=user, quiz=kit.quiz)
    services.attempt_submit(actor=user, attempt_id=old.pk, answers={})
    new = services.attempt_start(actor=user, quiz=kit.quiz)
    with pytest.raises(ValidationError) as error:
        services.attempt_submit(actor=user, attempt_id=old.pk, answers=k.right_answers(old))
    assert error.value.code == "submitted"
    new.refresh_from_db()
    assert new.status == AttemptStatus.OPEN


def test_someone_elses_attempt_cannot_be_submitted(world):
    kit = k.quiz_kit(world.child, members=2)
    (_m1, owner), (_m2, other) = kit.members
    attempt = services.attempt_start(actor=owner, quiz=kit.quiz)
    with pytest.raises(access.NotVisible):
        services.attempt_submit(actor=other, attempt_id=attempt.pk, answers=k.right_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.OPEN


def test_running_out_the_clock_client_side_does_not_help(world):
    """The deadline is the server's: a paper arriving after deadline + grace is refused and the attempt expires."""
    kit = k.quiz_kit(world.child, members=1, minutes=10, grace=15)
    member, user = kit.members[0]
    attempt = services.attempt_start(actor=user, quiz=kit.quiz)
    late = attempt.deadline + timedelta(seconds=16)
    with pytest.raises(services.LateSubmission) as error:
        services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=k.right_answers(attempt), now=late)
    assert error.value.code == "late"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.correct_count == 0
    assert not QuizResult.objects.filter(quiz=kit.quiz, member=member).exists()
    assert AuditEvent.objects.filter(action="contests.quiz_attempt_expire").count() == 1


def test_within_the_grace_the_paper_counts_with_the_time_capped_at_the_deadline(world):
    kit = k.quiz_kit(world.child, members=1, minutes=10, grace=15)
    _member, user = kit.members[0]
    attempt = services.attempt_start(actor=user, quiz=kit.quiz)
    done = services.attempt_submit(
        actor=user,
        attempt_id=attempt.pk,
        answers=k.right_answers(attempt),
        now=attempt.deadline + timedelta(seconds=10),
    )
    assert done.status == AttemptStatus.SUBMITTED
    assert done.seconds == 600


def test_one_open_attempt_a_second_start_resumes_it(world):
    kit = k.quiz_kit(world.child, members=1)
    member, user = kit.members[0]
    first = services.attempt_start(actor=user, quiz=kit.quiz)
    again = services.attempt_start(actor=user, quiz=kit.quiz, now=first.started_at + timedelta(minutes=3))
    assert again.pk == first.pk
    assert again.paper == first.paper
    assert again.deadline == first.deadline
    assert QuizAttempt.objects.filter(quiz=kit.quiz, member=member).count() == 1


def test_the_database_holds_one_open_attempt_per_member(world):
    kit = k.quiz_kit(world.child, members=1)
    _member, user = kit.members[0]
    first = services.attempt_start(actor=user, quiz=kit.quiz)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(
            quiz=kit.quiz,
            member=first.member,
            unit=first.unit,
            day=first.day,
            number=9,
            paper=first.paper,
            started_at=first.started_at,
            deadline=first.deadline,
        )


def test_an_open_attempt_past_its_time_expires_when_the_next_starts(world):
    kit = k.quiz_kit(world.child, members=1, per_day=3)
    _member, user = kit.members[0]
    first = services.attempt_start(actor=user, quiz=kit.quiz)
    later = first.deadline + timedelta(minutes=1)
    second = services.attempt_start(actor=user, quiz=kit.quiz, now=later)
    first.refresh_from_db()
    assert first.status == AttemptStatus.EXPIRED
    assert second.number == 2


def test_attempts_per_day(world):
    kit = k.quiz_kit(world.child, members=1, per_day=2)
    _member, user = kit.members[0]
    for _i in range(2):
        attempt = services.attempt_start(actor=user, quiz=kit.quiz)
        services.attempt_submit(actor=user, attempt_id=attempt.pk, answers={})
    with pytest.raises(ValidationError) as error:
        services.attempt_start(actor=user, quiz=kit.quiz)
    assert error.value.code == "quota"
    tomorrow = timezone.now() + timedelta(days=1)
    assert services.attempt_start(actor=user, quiz=kit.quiz, now=tomorrow).number == 1


def test_expiry_job_closes_attempts_past_deadline_and_grace(world):
    kit = k.quiz_kit(world.child, members=2, grace=15)
    (_m1, u1), (_m2, u2) = kit.members
    stale = services.attempt_start(actor=u1, quiz=kit.quiz)
    fresh = services.attempt_start(actor=u2, quiz=kit.quiz)
    QuizAttempt.objects.filter(pk=stale.pk).update(deadline=timezone.now() - timedelta(seconds=16))
    QuizAttempt.objects.filter(pk=fresh.pk).update(deadline=timezone.now() - timedelta(seconds=5))  # within grace
    assert services.attempts_expire_due() == 1
    assert QuizAttempt.objects.get(pk=stale.pk).status == AttemptStatus.EXPIRED
    assert QuizAttempt.objects.get(pk=fresh.pk).status == AttemptStatus.OPEN


def test_answers_must_be_shown_positions_and_one_for_single_choice(world):
    kit = k.quiz_kit(world.child, members=1)
    _member, user = kit.members[0]
    attempt = services.attempt_start(actor=user, quiz=kit.quiz)
    for bad in ({0: ["9"]}, {0: ["x"]}, {0: ["-1"]}):
        with pytest.raises(ValidationError) as error:
            services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=bad)
        assert error.value.code == "answers"
    kinds = dict(Question.objects.filter(pk__in=[e["q"] for e in attempt.paper]).values_list("pk", "kind"))
    single = next(p for p, e in enumerate(attempt.paper) if kinds[e["q"]] != QuestionKind.MULTIPLE)
    with pytest.raises(ValidationError):
        services.attempt_submit(actor=user, attempt_id=attempt.pk, answers={single: ["0", "1"]})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.OPEN


def test_only_members_of_the_subtree_within_the_dates(world):
    kit = k.quiz_kit(world.child, members=0)
    _outsider, outsider_user = k.member_with_account(world.sibling)
    with pytest.raises(access.NotVisible):
        services.attempt_start(actor=outsider_user, quiz=kit.quiz)
    with pytest.raises(access.NotVisible):
        services.attempt_start(actor=world.member, quiz=kit.quiz)  # an account without a membership
    _m, user = k.member_with_account(world.child)
    draft = k.quiz(world.child, status=QuizStatus.DRAFT)
    with pytest.raises(access.NotVisible):
        services.attempt_start(actor=user, quiz=draft)
    ended = k.quiz(
        world.child,
        ends_on=timezone.localdate() - timedelta(days=1),
        starts_on=timezone.localdate() - timedelta(days=5),
    )
    with pytest.raises(ValidationError) as error:
        services.attempt_start(actor=user, quiz=ended)
    assert error.value.code == "closed"
    assert not QuizAttempt.objects.exists()


def test_a_member_of_a_union_below_takes_part_and_ranks_in_their_union(world):
    quiz = k.quiz(world.target)
    member, user = k.member_with_account(world.child)
    attempt = services.attempt_start(actor=user, quiz=quiz)
    assert attempt.unit == world.child
    services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=k.right_answers(attempt))
    from gonghui.contests.quiz.selectors import leaderboard

    board = leaderboard(quiz=quiz, unit=world.child, me=member)
    assert [(r.rank, r.correct, r.mine) for r in board] == [(1, quiz.paper_size, True)]
    assert leaderboard(quiz=quiz, unit=world.sibling) == []


def test_leaderboard_orders_by_score_then_time(world):
    kit = k.quiz_kit(world.child, members=3, paper_size=3)
    now = timezone.now()
    plans = [(k.right_answers, 100), (k.right_answers, 50), (k.wrong_answers, 10)]
    for (_member, user), (answers, seconds) in zip(kit.members, plans, strict=True):
        attempt = services.attempt_start(actor=user, quiz=kit.quiz, now=now)
        services.attempt_submit(
            actor=user, attempt_id=attempt.pk, answers=answers(attempt), now=now + timedelta(seconds=seconds)
        )
    from gonghui.contests.quiz.selectors import leaderboard

    board = leaderboard(quiz=kit.quiz, unit=world.child)
    assert [(r.correct, r.seconds) for r in board] == [(3, 50), (3, 100), (0, 10)]
    assert all("*" in r.name for r in board)


# --- the bank and quizzes ------------------------------------------------------------------------------------------


def test_question_create_checks_the_answers(world):
    staff = clerk(world)
    category = services.category_create(actor=staff, unit=world.target, name="安全生产")
    question = services.question_create(
        actor=staff,
        category=category,
        kind=QuestionKind.MULTIPLE,
        text="哪些属于劳动保护？",
        options=["A1", "B1", "C1", ""],
        correct=[2, 0],
    )
    assert question.options == ["A1", "B1", "C1"]
    assert question.correct == [0, 2]
    for kind, options, correct in (
        (QuestionKind.SINGLE, ["甲", "乙"], [0, 1]),
        (QuestionKind.MULTIPLE, ["甲", "乙", "丙"], [1]),
        (QuestionKind.SINGLE, ["甲"], [0]),
        (QuestionKind.SINGLE, ["甲", "甲"], [0]),
        (QuestionKind.SINGLE, ["甲", "乙"], [5]),
    ):
        with pytest.raises(ValidationError):
            services.question_create(
                actor=staff, category=category, kind=kind, text="题", options=options, correct=correct
            )
    assert Question.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        services.category_create(actor=staff, unit=world.target, name="安全生产")
    assert error.value.message_dict == {"name": ["本工会已有该分类。"]}


def test_import_is_all_or_nothing_with_row_numbers(world):
    staff = clerk(world)
    bad = xlsx(
        [
            HEADER,
            ["工会法", "单选", "工会法哪年颁布？", "1992", "1950", "", "", "A", ""],
            ["工会法", "多选", "", "甲", "乙", "丙", "", "AC", ""],
            ["安全", "判断", "安全第一", "", "", "", "", "也许", ""],
            ["安全", "单选", "选一个", "甲", "乙", "", "", "E", ""],
            ["安全", "问答", "什么？", "甲", "乙", "", "", "A", ""],
            ["工会法", "单选", "工会法哪年颁布？", "1992", "1950", "", "", "A", ""],
        ]
    )
    with pytest.raises(ValidationError) as error:
        services.question_import(actor=staff, unit=world.target, upload=bad)
    messages = error.value.messages
    assert [m.split("：")[0] for m in messages] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"]
    assert "缺少题干" in messages[0]
    assert "与第 2 行题目重复" in messages[4]
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()
    good = xlsx(
        [
            HEADER,
            ["工会法", "单选", "工会法哪年颁布？", "1992", "1950", "", "", "A", "1992年4月"],
            ["工会法", "多选", "哪些是工会的职责？", "维护权益", "经营企业", "组织培训", "", "A,C", ""],
            ["安全", "判断", "安全生产人人有责", "", "", "", "", "对", ""],
        ]
    )
    outcome = services.question_import(actor=staff, unit=world.target, upload=good)
    assert (outcome.created, outcome.categories_created) == (3, 2)
    assert sorted(Question.objects.values_list("correct", flat=True), key=len) == [[0], [0], [0, 2]]
    assert AuditEvent.objects.filter(action="contests.question_import").count() == 1


def test_import_names_missing_columns(world):
    with pytest.raises(ValidationError) as error:
        services.question_import(actor=clerk(world), unit=world.target, upload=xlsx([["分类", "题干"], ["a", "b"]]))
    assert error.value.code == "header"
    assert "题型" in error.value.messages[0]
    assert "答案" in error.value.messages[0]


def test_quiz_takes_policy_defaults_and_keeps_the_records(world):
    staff = clerk(world)
    category = k.bank(world.target, n=12)
    admin = world.staff("pol", world.province, ["policy.manage_policy", "policy.view_policy"])
    record = policy_set(
        actor=admin,
        key="contests.quiz_attempts_per_day",
        unit=world.city,
        value=5,
        effective_from=timezone.localdate(),
        note="市总工会规定",
    )
    quiz = services.quiz_create(
        actor=staff,
        unit=world.target,
        title="安康杯知识竞赛",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        categories=[category],
    )
    assert (quiz.paper_size, quiz.time_limit_minutes, quiz.grace_seconds) == (10, 10, 15)
    assert quiz.attempts_per_day == 5
    assert quiz.policy_record_ids == [record.pk]
    custom = services.quiz_create(
        actor=staff,
        unit=world.target,
        title="小测",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        categories=[category],
        paper_size=5,
        time_limit_minutes=3,
    )
    assert (custom.paper_size, custom.time_limit_minutes) == (5, 3)


def test_quiz_categories_from_the_union_or_above_only(world):
    staff = clerk(world)
    sibling_bank = k.bank(world.sibling, n=3)
    with pytest.raises(ValidationError) as error:
        services.quiz_create(
            actor=staff,
            unit=world.target,
            title="题",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            categories=[sibling_bank],
        )
    assert "categories" in error.value.message_dict
    city_bank = k.bank(world.city, n=3)
    assert services.quiz_create(
        actor=staff,
        unit=world.target,
        title="题",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        categories=[city_bank],
    )


def test_publish_needs_a_full_paper_in_the_bank(world):
    staff = clerk(world)
    quiz = k.quiz(world.target, categories=[k.bank(world.target, n=4)], paper_size=5, status=QuizStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.quiz_publish(actor=staff, quiz=quiz)
    assert error.value.code == "pool"
    Question.objects.filter(category__in=quiz.categories.all()).update(active=True)
    k.bank(world.target, n=1, name="补充")
    quiz.categories.add(QuestionCategory.objects.get(name="补充"))
    assert services.quiz_publish(actor=staff, quiz=quiz).status == QuizStatus.PUBLISHED
    assert services.quiz_close(actor=staff, quiz=quiz).status == QuizStatus.CLOSED


# --- the authorization matrix --------------------------------------------------------------------------------------


def test_category_create_matrix(world):
    service_matrix(
        world,
        MANAGE_QUIZ,
        act=lambda actor, w: services.category_create(actor=actor, unit=w.target, name="矩阵分类"),
        state=lambda w: QuestionCategory.objects.count(),
        view_perm=VIEW_QUIZ,
    )


def test_question_create_matrix(world):
    category = QuestionCategory.objects.create(unit=world.target, name="矩阵")
    service_matrix(
        world,
        MANAGE_QUIZ,
        act=lambda actor, w: services.question_create(
            actor=actor, category=category, kind=QuestionKind.TRUE_FALSE, text="对吗", options=[], correct=[0]
        ),
        state=lambda w: Question.objects.count(),
        view_perm=VIEW_QUIZ,
    )


def test_question_import_matrix(world):
    rows = [HEADER, ["工会法", "判断", "对吗", "", "", "", "", "对", ""]]
    service_matrix(
        world,
        MANAGE_QUIZ,
        act=lambda actor, w: services.question_import(actor=actor, unit=w.target, upload=xlsx(rows)),
        state=lambda w: Question.objects.count(),
        view_perm=VIEW_QUIZ,
    )


def test_quiz_create_publish_close_matrix(world):
    category = k.bank(world.target, n=6)
    service_matrix(
        world,
        MANAGE_QUIZ,
        act=lambda actor, w: services.quiz_create(
            actor=actor,
            unit=w.target,
            title="矩阵竞赛",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            categories=[category],
            paper_size=5,
        ),
        state=lambda w: Quiz.objects.count(),
        view_perm=VIEW_QUIZ,
    )
    draft = k.quiz(world.target, categories=[category], status=QuizStatus.DRAFT)
    service_matrix(
        world,
        MANAGE_QUIZ,
        act=lambda actor, w: services.quiz_publish(actor=actor, quiz=draft),
        state=lambda w: Quiz.objects.get(pk=draft.pk).status,
        view_perm=VIEW_QUIZ,
    )
    running = k.quiz(world.target, categories=[category])
    service_matrix(
        world,
        MANAGE_QUIZ,
        act=lambda actor, w: services.quiz_close(actor=actor, quiz=running),
        state=lambda w: Quiz.objects.get(pk=running.pk).status,
        view_perm=VIEW_QUIZ,
    )


def test_question_set_active_matrix(world):
    category = k.bank(world.target, n=1)
    question = Question.objects.get(category=category)
    service_matrix(
        world,
        MANAGE_QUIZ,
        act=lambda actor, w: services.question_set_active(actor=actor, question=question, active=False),
        state=lambda w: Question.objects.get(pk=question.pk).active,
        view_perm=VIEW_QUIZ,
    )
