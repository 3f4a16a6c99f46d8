"""Needs surveys (问需于职工): a union asks the members of its subtree, one answer each, anonymity kept.

Rules, all enforced here:

- **Audience.** A survey of a union goes to the members (in the roster, active or retired) of its subtree,
  optionally narrowed to some sub-unions of it and/or to gig workers (新就业形态). The size of the audience is
  counted when the survey opens (the response rate's denominator). A member outside the audience neither sees nor
  answers it (404).
- **Status** moves through :data:`SURVEY` (draft → open → closed → published), each move an event row and an audit
  record; questions are edited only in draft. A daily job closes open surveys past their closing date.
- **One answer per member**: the participation row (unique per survey and member) is written in the same
  transaction as the response; a second submission, at once or later, is refused and writes nothing.
- **Anonymity.** For an anonymous survey the response holds no member, no time and a random UUID key, so neither
  its id nor any timestamp orders it against the participations; the audit record of an answer names the survey
  only (not the response) and its data hold no answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine
from gonghui.members.models import Member, MemberStatus
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.worker_services.models import (
    Survey,
    SurveyEvent,
    SurveyParticipation,
    SurveyQuestion,
    SurveyQuestionKind,
    SurveyResponse,
    SurveyStatus,
)
from gonghui.worker_services.permissions import MANAGE_SURVEYS, VIEW_SURVEYS
from gonghui.worker_services.surveys import digest

S = SurveyStatus
K = SurveyQuestionKind
MAX_OPTIONS = 12
MAX_QUESTIONS = 50
TEXT_LIMIT = 1000
SCALE = (1, 2, 3, 4, 5)
AUDIENCE_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETIRED)


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("问卷当前为“%(status)s”，不能执行该操作。") % {"status": SurveyStatus(status).label}, code="stale"
    )


SURVEY = StateMachine.of_actions(
    {
        "open": ((S.DRAFT,), S.OPEN),
        "close": ((S.OPEN,), S.CLOSED),
        "publish": ((S.CLOSED,), S.PUBLISHED),
    },
    refusal=_refusal,
)
EVENT_LABELS = {
    "create": gettext_lazy("建立问卷"),
    "open": gettext_lazy("发布问卷"),
    "close": gettext_lazy("结束征集"),
    "publish": gettext_lazy("公布结果"),
}


# --- helpers -------------------------------------------------------------------------------------------------------


def clean_line(value: str | None, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_SURVEYS, perm=MANAGE_SURVEYS, unit=unit)


def _lock(survey: Survey) -> Survey:
    return Survey.objects.select_for_update(of=("self",)).select_related("unit").get(pk=survey.pk)


def _move(survey: Survey, action: str, actor: Actor | None) -> tuple[str, str]:
    before, after = SURVEY.move(survey, action)
    survey.save(update_fields=["status"])
    SurveyEvent.objects.create(
        survey=survey, action=action, from_status=before, to_status=after, actor=access.user_of(actor)
    )
    return before, after


def _require_draft(survey: Survey) -> None:
    if survey.status != S.DRAFT:
        raise ValidationError(_("问卷已发布，题目不能再修改。"), code="stale")


# --- audience ------------------------------------------------------------------------------------------------------


def audience_q(survey: Survey, *, prefix: str = "") -> Q:
    """The members a survey asks (``prefix``: the path to the member, e.g. ``"member__"``)."""
    q = Q(**{f"{prefix}status__in": AUDIENCE_STATUSES, f"{prefix}unit__path__startswith": survey.unit.path})
    paths = [u.path for u in survey.units.all()] if survey.pk else []
    if paths:
        narrowed = Q()
        for path in paths:
            narrowed |= Q(**{f"{prefix}unit__path__startswith": path})
        q &= narrowed
    if survey.gig_only:
        q &= ~Q(**{f"{prefix}gig_type": ""})
    return q


def in_audience(survey: Survey, member: Member, narrowed: Sequence[str] | None = None) -> bool:
    path = member.unit.path
    if member.status not in AUDIENCE_STATUSES or not path.startswith(survey.unit.path):
        return False
    paths = list(narrowed) if narrowed is not None else [u.path for u in survey.units.all()]
    if paths and not any(path.startswith(p) for p in paths):
        return False
    return not (survey.gig_only and not member.gig_type)


def audience_count(survey: Survey) -> int:
    return Member.objects.filter(audience_q(survey)).count()


def group_path(survey: Survey, member_path: str) -> str:
    """The path of the breakdown group: the child union of the survey's union on the member's path (the survey's
    union itself for its own members)."""
    return member_path[: len(survey.unit.path) + OrgUnit.steplen]


def is_answerable(survey: Survey, today: date) -> bool:
    return survey.status == S.OPEN and survey.opens_on <= today <= survey.closes_on


# --- surveys -------------------------------------------------------------------------------------------------------


def _check_units(unit: OrgUnit, units: Iterable[OrgUnit]) -> list[OrgUnit]:
    chosen = list(units)
    if any(not u.path.startswith(unit.path) or u.path == unit.path for u in chosen):
        raise ValidationError({"units": _("只能限定为本工会的下级工会。")}, code="units")
    return chosen


def _check_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("截止日期不能早于开始日期。")}, code="dates")


def survey_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    opens_on: date,
    closes_on: date,
    intro: str = "",
    anonymous: bool = True,
    gig_only: bool = False,
    units: Iterable[OrgUnit] = (),
) -> Survey:
    """A draft survey of ``unit`` to its subtree (``units``: narrowed to those sub-unions)."""
    require_manage(actor, unit)
    user = access.require_user(actor)
    title = clean_line(title, field="title", label=_("问卷标题"), limit=120, required=True)
    intro = (intro or "").replace("\x00", "").strip()[:2000]
    _check_dates(opens_on, closes_on)
    chosen = _check_units(unit, units)
    with transaction.atomic():
        survey = Survey.objects.create(
            unit=unit,
            title=title,
            intro=intro,
            opens_on=opens_on,
            closes_on=closes_on,
            anonymous=anonymous,
            gig_only=gig_only,
            created_by=user,
        )
        survey.units.set(chosen)
        SurveyEvent.objects.create(survey=survey, action="create", to_status=S.DRAFT, actor=user)
        audit_record(
            actor=actor,
            action="worker_services.survey_create",
            target=survey,
            target_repr=title,
            unit=unit,
            data={"anonymous": anonymous, "gig_only": gig_only, "units": [u.pk for u in chosen]},
        )
    return survey


def survey_update(
    *,
    actor: Actor,
    survey: Survey,
    title: str,
    opens_on: date,
    closes_on: date,
    intro: str = "",
    anonymous: bool = True,
    gig_only: bool = False,
    units: Iterable[OrgUnit] = (),
) -> Survey:
    """A draft's title, introduction, dates, anonymity and audience."""
    require_manage(actor, survey.unit)
    title = clean_line(title, field="title", label=_("问卷标题"), limit=120, required=True)
    intro = (intro or "").replace("\x00", "").strip()[:2000]
    _check_dates(opens_on, closes_on)
    chosen = _check_units(survey.unit, units)
    with transaction.atomic():
        locked = _lock(survey)
        _require_draft(locked)
        before = {"title": locked.title, "anonymous": locked.anonymous, "gig_only": locked.gig_only}
        locked.title, locked.intro, locked.opens_on, locked.closes_on = title, intro, opens_on, closes_on
        locked.anonymous, locked.gig_only = anonymous, gig_only
        locked.save(update_fields=["title", "intro", "opens_on", "closes_on", "anonymous", "gig_only"])
        locked.units.set(chosen)
        audit_record(
            actor=actor,
            action="worker_services.survey_update",
            target=locked,
            target_repr=title,
            unit=locked.unit,
            before=before,
            after={"title": title, "anonymous": anonymous, "gig_only": gig_only},
        )
    return locked


def check_question(kind: str, options: Sequence[str], max_choices: int | None) -> tuple[list[str], int | None]:
    """The cleaned options and maximum of a question, or a ``ValidationError`` on the field at fault."""
    if kind not in K.values:
        raise ValidationError({"kind": _("请选择题型。")}, code="kind")
    if kind not in (K.SINGLE, K.MULTIPLE):
        return [], None
    opts = [" ".join(str(o or "").split()) for o in options]
    opts = [o for o in opts if o]
    if len(opts) < 2:
        raise ValidationError({"options": _("选择题至少需要两个选项。")}, code="options")
    if len(opts) > MAX_OPTIONS:
        raise ValidationError({"options": _("最多 %(n)d 个选项。") % {"n": MAX_OPTIONS}}, code="options")
    if any(len(o) > 100 for o in opts):
        raise ValidationError({"options": _("选项不能超过 100 个字。")}, code="options")
    if len(set(opts)) != len(opts):
        raise ValidationError({"options": _("选项不能重复。")}, code="options")
    if kind == K.SINGLE:
        return opts, None
    top = max_choices or len(opts)
    if not 1 <= top <= len(opts):
        raise ValidationError(
            {"max_choices": _("最多选几项须在 1 至 %(n)d 之间。") % {"n": len(opts)}}, code="max_choices"
        )
    return opts, top


def question_add(
    *,
    actor: Actor,
    survey: Survey,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    max_choices: int | None = None,
    required: bool = True,
) -> SurveyQuestion:
    require_manage(actor, survey.unit)
    text = clean_line(text, field="text", label=_("题目"), limit=300, required=True)
    opts, top = check_question(kind, options, max_choices)
    with transaction.atomic():
        locked = _lock(survey)
        _require_draft(locked)
        if locked.questions.count() >= MAX_QUESTIONS:
            raise ValidationError(_("一份问卷最多 %(n)d 道题。") % {"n": MAX_QUESTIONS}, code="too_many")
        last = locked.questions.aggregate(m=Max("position"))["m"] or 0
        question = SurveyQuestion.objects.create(
            survey=locked, position=last + 1, kind=kind, text=text, options=opts, max_choices=top, required=required
        )
        audit_record(
            actor=actor,
            action="worker_services.survey_question_add",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"question": question.pk, "kind": kind},
        )
    return question


def question_update(
    *,
    actor: Actor,
    question: SurveyQuestion,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    max_choices: int | None = None,
    required: bool = True,
) -> SurveyQuestion:
    survey = question.survey
    require_manage(actor, survey.unit)
    text = clean_line(text, field="text", label=_("题目"), limit=300, required=True)
    opts, top = check_question(kind, options, max_choices)
    with transaction.atomic():
        locked = _lock(survey)
        _require_draft(locked)
        row = SurveyQuestion.objects.get(pk=question.pk, survey=locked)
        row.kind, row.text, row.options, row.max_choices, row.required = kind, text, opts, top, required
        row.save(update_fields=["kind", "text", "options", "max_choices", "required"])
        audit_record(
            actor=actor,
            action="worker_services.survey_question_update",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"question": row.pk},
        )
    return row


def question_remove(*, actor: Actor, question: SurveyQuestion) -> None:
    survey = question.survey
    require_manage(actor, survey.unit)
    with transaction.atomic():
        locked = _lock(survey)
        _require_draft(locked)
        SurveyQuestion.objects.filter(pk=question.pk, survey=locked).delete()
        audit_record(
            actor=actor,
            action="worker_services.survey_question_remove",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"question": question.pk},
        )


def question_move(*, actor: Actor, question: SurveyQuestion, up: bool) -> None:
    """Swap a question with the one before (``up``) or after it; the positions are renumbered 1, 2, 3, ..."""
    survey = question.survey
    require_manage(actor, survey.unit)
    with transaction.atomic():
        locked = _lock(survey)
        _require_draft(locked)
        rows = list(locked.questions.order_by("position", "pk"))
        at = next((i for i, r in enumerate(rows) if r.pk == question.pk), None)
        if at is None:
            raise access.NotVisible
        other = at - 1 if up else at + 1
        if 0 <= other < len(rows):
            rows[at], rows[other] = rows[other], rows[at]
        for position, row in enumerate(rows, start=1):
            row.position = position
        SurveyQuestion.objects.bulk_update(rows, ["position"])
        audit_record(
            actor=actor,
            action="worker_services.survey_question_move",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"question": question.pk, "up": up},
        )


def survey_open(*, actor: Actor, survey: Survey) -> Survey:
    """The draft goes out: it needs a question and an audience; the audience size and the group minimum in force
    are kept on the survey."""
    require_manage(actor, survey.unit)
    with transaction.atomic():
        locked = _lock(survey)
        if locked.status == S.DRAFT and not locked.questions.exists():
            raise ValidationError(_("问卷还没有题目，不能发布。"), code="empty")
        if locked.status == S.DRAFT and locked.closes_on < timezone.localdate():
            raise ValidationError(_("截止日期已过，请先修改日期。"), code="dates")
        size = audience_count(locked)
        if locked.status == S.DRAFT and size == 0:
            raise ValidationError(_("调查范围内没有会员。"), code="audience")
        minimum = policy_get("worker_services.survey_min_group", locked.unit)
        locked.audience_size, locked.min_group = size, int(minimum.value)
        locked.policy_record_ids = [minimum.record.pk] if minimum.record is not None else []
        locked.save(update_fields=["audience_size", "min_group", "policy_record_ids"])
        before, after = _move(locked, "open", actor)
        transaction.on_commit(digest.refresh)
        audit_record(
            actor=actor,
            action="worker_services.survey_open",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            before={"status": before},
            after={"status": after},
            data={"audience": size, "min_group": locked.min_group},
        )
    return locked


def _transition(actor: Actor | None, survey: Survey, action: str) -> Survey:
    with transaction.atomic():
        locked = _lock(survey)
        before, after = _move(locked, action, actor)
        transaction.on_commit(digest.refresh)
        audit_record(
            actor=actor,
            action=f"worker_services.survey_{action}",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            before={"status": before},
            after={"status": after},
        )
    return locked


def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    require_manage(actor, survey.unit)
    return _transition(actor, survey, "close")


def survey_publish(*, actor: Actor, survey: Survey) -> Survey:
    """The results of a closed survey are shown to its audience on the portal."""
    require_manage(actor, survey.unit)
    return _transition(actor, survey, "publish")


def surveys_close_due(*, today: date | None = None) -> int:
    """Close every open survey whose closing date has passed (the daily job)."""
    today = today or timezone.localdate()
    done = 0
    for pk in list(Survey.objects.filter(status=S.OPEN, closes_on__lt=today).values_list("pk", flat=True)[:500]):
        survey = Survey.objects.get(pk=pk)
        try:
            _transition(None, survey, "close")
        except ValidationError:
            continue  # closed by hand meanwhile
        done += 1
    digest.refresh()  # hourly: also rebuilds a digest the cache lost
    return done


# --- answering -----------------------------------------------------------------------------------------------------


def _member(actor: Actor) -> Member:
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    return member


def visible_to_member(survey: Survey, member: Member) -> bool:
    return survey.status != S.DRAFT and in_audience(survey, member)


class _Refused(Exception):
    """One answer's reason for refusal (collected, then raised together)."""


def clean_answers(questions: Sequence[SurveyQuestion], raw: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to store from ``raw`` (question id as text → a list of values from the form or the API), each
    checked against its question; required questions must be answered. Unanswered optional ones are left out."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for q in questions:
        key = str(q.pk)
        values = raw.get(key, [])
        if not isinstance(values, list | tuple):
            values = [values]
        values = [v for v in values if v is not None and str(v).strip() != ""]
        label = _("第 %(n)d 题") % {"n": q.position}
        if not values:
            if q.required:
                errors[key] = _("%(q)s为必答题。") % {"q": label}
            continue
        try:
            if q.kind == K.TEXT:
                text = "\n".join(str(v) for v in values).replace("\x00", "").strip()
                if len(text) > TEXT_LIMIT:
                    raise _Refused(_("%(q)s不能超过 %(n)d 个字。") % {"q": label, "n": TEXT_LIMIT})
                if text:
                    out[key] = text
                elif q.required:
                    errors[key] = _("%(q)s为必答题。") % {"q": label}
                continue
            try:
                numbers = sorted({int(str(v)) for v in values})
            except ValueError:
                raise _Refused(_("%(q)s的答案格式不正确。") % {"q": label}) from None
            if q.kind == K.SCALE:
                if len(numbers) != 1 or numbers[0] not in SCALE:
                    raise _Refused(_("%(q)s请打 1 至 5 分。") % {"q": label})
                out[key] = numbers[0]
                continue
            if any(not 0 <= n < len(q.options) for n in numbers):
                raise _Refused(_("%(q)s的选项不存在。") % {"q": label})
            if q.kind == K.SINGLE and len(numbers) != 1:
                raise _Refused(_("%(q)s只能选一项。") % {"q": label})
            if q.kind == K.MULTIPLE and len(numbers) > (q.max_choices or len(q.options)):
                raise _Refused(_("%(q)s最多选 %(n)d 项。") % {"q": label, "n": q.max_choices})
            out[key] = numbers
        except _Refused as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(list(errors.values()), code="answers")
    return out


@dataclass(frozen=True)
class Submitted:
    survey: Survey
    participation: SurveyParticipation


def response_submit(*, actor: Actor, survey_id: object, answers: Mapping[str, Any]) -> Submitted:
    """The signed-in member answers once. Refused (with a Chinese message) before the survey opens, after it
    closes, and the second time; a member outside the audience gets 404."""
    member = _member(actor)
    try:
        pk = int(str(survey_id))
    except ValueError:
        raise access.NotVisible from None
    survey = Survey.objects.select_related("unit").filter(pk=pk).first()
    if survey is None or not visible_to_member(survey, member):
        raise access.NotVisible
    today = timezone.localdate()
    if survey.status != S.OPEN or today > survey.closes_on:
        raise ValidationError(_("问卷已经结束，不能再提交。"), code="closed")
    if today < survey.opens_on:
        raise ValidationError(
            _("问卷 %(d)s 开始填写，请届时再来。") % {"d": survey.opens_on.isoformat()}, code="not_open"
        )
    questions = list(survey.questions.order_by("position", "pk"))
    cleaned = clean_answers(questions, answers)
    return Submitted(
        survey=survey, participation=record_answer(actor=actor, survey=survey, member=member, cleaned=cleaned)
    )


def record_answer(
    *, actor: Actor | None, survey: Survey, member: Member, cleaned: dict[str, Any]
) -> SurveyParticipation:
    """Write the participation and the response of ``member`` in one transaction (answers already checked by
    :func:`clean_answers`); a second one for the same member is refused. The demo seeds answers through here."""
    group = OrgUnit.objects.filter(path=group_path(survey, member.unit.path)).first()
    answered = ValidationError(_("您已经提交过这份问卷，每人只能提交一次。"), code="answered")
    try:
        with transaction.atomic():
            participation = SurveyParticipation.objects.create(survey=survey, member=member, unit=member.unit)
            SurveyResponse.objects.create(
                survey=survey, member=None if survey.anonymous else member, group=group, answers=cleaned
            )
            audit_record(
                actor=actor,
                action="worker_services.survey_answer",
                target=survey,
                target_repr=survey.title,
                unit=survey.unit,
            )
    except IntegrityError:
        raise answered from None
    return participation


def has_answered(survey: Survey, member: Member) -> bool:
    return SurveyParticipation.objects.filter(survey=survey, member=member).exists()


def responses_of(survey: Survey) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(survey=survey)
