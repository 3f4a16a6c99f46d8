"""Skill and teaching contests: the contest and its stages, entrants registered by their union with the eligibility
decision explained, judges assigned to a stage's panel, judges' scores, closing a stage (scores, ranks, who
advances) and publishing the results with the awards recorded on each winner.

- A contest is organised by a union (``contests.manage_competitions`` there) with its stages in order
  (preliminary → semi-final → final; the final always). Entrants are registered while it registers, by the union of
  the member (``contests.register_entrants`` at the member's union, which must lie in the organiser's subtree).
  Every registration is kept with its eligibility trace; only eligible entries take part.
- A stage opens when the previous one is closed and its panel has at least the policy's number of judges: the
  first stage takes every eligible entry, a later one those who advanced. While it is open each assigned judge
  submits, per entrant, one score per component, ONCE: a submitted score is final (unique per judge, entrant and
  component; a second submission, a double click or a second phone, changes nothing). The stage's organiser records
  the practical time (the second tie-break).
- Closing a stage computes every entrant's component scores, total, rank and trace (``scoring``), under the policy
  in force on the contest's first day, and marks the top ``contests.advance_count`` as advancing (not in a final).
  After the final closes the results are published: the top ``contests.award_count`` get the contest's title and
  skill-level upgrade as a ``ContestAward`` on the member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.identity import clean_text
from gonghui.common.masking import mask_name
from gonghui.contests.competitions import eligibility, scoring
from gonghui.contests.models import (
    Contest,
    ContestAward,
    ContestEntry,
    ContestKind,
    ContestLevel,
    ContestStage,
    ContestStatus,
    EntryStatus,
    JudgeAssignment,
    JudgeScore,
    StageEntrant,
    StageRound,
    StageStatus,
)
from gonghui.contests.models.competitions import ROUND_ORDER
from gonghui.contests.permissions import MANAGE_COMPETITIONS, REGISTER_ENTRANTS, VIEW_COMPETITIONS
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.policy.trace import Trace

HOLDING = (MemberStatus.ACTIVE, MemberStatus.RETIRED)
WEIGHT_KEYS: dict[str, str] = {
    "theory": "contests.skill_theory_weight",
    "practice": "contests.skill_practice_weight",
    "plan": "contests.teaching_plan_weight",
    "lesson": "contests.teaching_lesson_weight",
    "reflection": "contests.teaching_reflection_weight",
}
WEIGHT_LABELS: dict[str, str] = {
    "theory": gettext_noop("理论知识权重"),
    "practice": gettext_noop("实际操作权重"),
    "plan": gettext_noop("教学设计权重"),
    "lesson": gettext_noop("课堂教学权重"),
    "reflection": gettext_noop("教学反思权重"),
}
MIN_JUDGES_KEY = {ContestKind.SKILL: "contests.skill_min_judges", ContestKind.TEACHING: "contests.teaching_min_judges"}


def _refusal(message: str, code: str = "stale") -> ValidationError:
    return ValidationError(message, code=code)


def _text(value: object, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join(str(value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_COMPETITIONS, perm=MANAGE_COMPETITIONS, unit=unit)


def _lock_stage(stage: ContestStage) -> ContestStage:
    return (
        ContestStage.objects.select_for_update(of=("self",)).select_related("contest", "contest__unit").get(pk=stage.pk)
    )


def _lock_contest(contest: Contest) -> Contest:
    return Contest.objects.select_for_update(of=("self",)).select_related("unit").get(pk=contest.pk)


def components_of(contest: Contest) -> list[scoring.Component]:
    """The contest's scored components with their weights in force on its first day."""
    return [
        scoring.Component(
            code=code, label=label, weight=int(policy_get(WEIGHT_KEYS[code], contest.unit, on=contest.starts_on).value)
        )
        for code, label in scoring.COMPONENTS[contest.kind]
    ]


# --- the contest -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContestInput:
    name: str
    kind: str
    level: str
    trade: str
    starts_on: date
    rounds: Sequence[str]
    min_age: int
    max_age: int
    min_years: int
    certificate: str = ""
    award_title: str = ""
    skill_upgrade: str = ""


def contest_create(*, actor: Actor, unit: OrgUnit, data: ContestInput) -> Contest:
    require_manage(actor, unit)
    user = access.require_user(actor)
    name = _text(data.name, field="name", label=_("竞赛名称"), limit=120, required=True)
    trade = _text(data.trade, field="trade", label=_("工种或学科"), limit=60, required=True)
    certificate = _text(data.certificate, field="certificate", label=_("须持证书"), limit=60)
    award_title = _text(data.award_title, field="award_title", label=_("授予称号"), limit=40)
    skill_upgrade = _text(data.skill_upgrade, field="skill_upgrade", label=_("技能等级晋升"), limit=60)
    if data.kind not in ContestKind.values:
        raise ValidationError({"kind": _("请选择竞赛类型。")}, code="kind")
    if data.level not in ContestLevel.values:
        raise ValidationError({"level": _("请选择竞赛级别。")}, code="level")
    rounds = sorted({r for r in data.rounds if r in StageRound.values}, key=lambda r: ROUND_ORDER[StageRound(r)])
    if StageRound.FINAL not in rounds:
        raise ValidationError({"rounds": _("竞赛须设决赛。")}, code="rounds")
    if not 16 <= data.min_age <= data.max_age <= 80:
        raise ValidationError({"max_age": _("年龄要求须在 16 至 80 周岁之间，且最低不大于最高。")}, code="age")
    if not 0 <= data.min_years <= 40:
        raise ValidationError({"min_years": _("从业年限要求须在 0 至 40 年之间。")}, code="years")
    with transaction.atomic():
        contest = Contest.objects.create(
            unit=unit,
            name=name,
            kind=data.kind,
            level=data.level,
            trade=trade,
            starts_on=data.starts_on,
            min_age=data.min_age,
            max_age=data.max_age,
            min_years=data.min_years,
            certificate=certificate,
            award_title=award_title,
            skill_upgrade=skill_upgrade,
            created_by=user,
        )
        ContestStage.objects.bulk_create(
            [ContestStage(contest=contest, round=r, order=index) for index, r in enumerate(rounds, start=1)]
        )
        audit_record(
            actor=actor,
            action="contests.contest_create",
            target=contest,
            target_repr=name,
            unit=unit,
            data={"kind": data.kind, "level": data.level, "rounds": list(rounds)},
        )
    return contest


# --- entrants ----------------------------------------------------------------------------------------------------


def member_for_registration(*, actor: Actor, text: str) -> Member:
    """The member named by a member number or a resident ID number, among the members of the actor's unions where
    they may register entrants."""
    compact = clean_text(text)
    if not compact:
        raise ValidationError({"member": _("请填写会员编号或身份证号。")}, code="required")
    found = (
        access.scope(Member.objects.all(), actor, REGISTER_ENTRANTS, unit_field="unit")
        .filter(Q(member_no=compact) | Q(id_bidx=crypto.blind_index(compact)))
        .select_related("unit")
        .first()
    )
    if found is None:
        raise ValidationError({"member": _("在您可报送的工会中没有找到该会员。")}, code="not_found")
    return found


def _registration_open(contest: Contest, member: Member) -> None:
    if contest.status != ContestStatus.REGISTERING:
        raise _refusal(_("该竞赛报名已截止。"))
    if not member.unit.path.startswith(contest.unit.path):
        raise ValidationError(_("该会员所在工会不在本竞赛的主办范围内。"), code="out_of_scope")
    if member.status not in HOLDING:
        raise ValidationError(_("只有在册会员可以报名参赛。"), code="status")


def entry_register(
    *, actor: Actor, contest: Contest, member: Member, years_in_trade: int, certificates: str = ""
) -> ContestEntry:
    """The member's union registers them; the eligibility is decided now and kept with its explanation (an
    ineligible registration is kept too, so the union sees why)."""
    access.require_action(actor, view_perm=VIEW_COMPETITIONS, perm=REGISTER_ENTRANTS, unit=member.unit)
    user = access.require_user(actor)
    certificates = _text(certificates, field="certificates", label=_("所持证书"), limit=200)
    if not 0 <= years_in_trade <= 60:
        raise ValidationError({"years_in_trade": _("从业年限须在 0 至 60 年之间。")}, code="years")
    duplicate = ValidationError(_("该会员已报名本竞赛。"), code="duplicate")
    try:
        with transaction.atomic():
            locked = _lock_contest(contest)
            _registration_open(locked, member)
            if ContestEntry.objects.filter(contest=locked, member=member).exists():
                raise duplicate
            rules = eligibility.Rules(
                on=locked.starts_on,
                min_age=locked.min_age,
                max_age=locked.max_age,
                min_years=locked.min_years,
                certificate=locked.certificate,
            )
            ok, trace = eligibility.explain(
                rules=rules, birth_date=member.birth_date, years_in_trade=years_in_trade, certificates=certificates
            )
            entry = ContestEntry.objects.create(
                contest=locked,
                member=member,
                unit=member.unit,
                years_in_trade=years_in_trade,
                certificates=certificates,
                status=EntryStatus.ELIGIBLE if ok else EntryStatus.INELIGIBLE,
                eligibility_trace=trace.to_json(),
                registered_by=user,
            )
            audit_record(
                actor=actor,
                action="contests.entry_register",
                target=entry,
                target_repr=f"{mask_name(member.name)} · {locked.name}",
                unit=member.unit,
                data={"contest": locked.pk, "eligible": ok},
            )
    except IntegrityError:
        raise duplicate from None
    return entry


# --- judges ------------------------------------------------------------------------------------------------------


def judge_assign(*, actor: Actor, stage: ContestStage, phone: str | None) -> JudgeAssignment:
    """The user account with this phone number joins the stage's panel (a judge need not be staff: they sign in to
    the portal with their own account and find the stage under 我的评审)."""
    unit = stage.contest.unit
    require_manage(actor, unit)
    by = access.require_user(actor)
    phone = clean_text(phone)
    judge = User.objects.filter(phone=phone, is_active=True).first() if phone else None
    if judge is None:
        raise ValidationError({"phone": _("该手机号尚未注册账号，请评委先在职工服务平台注册。")}, code="no_user")
    with transaction.atomic():
        locked = _lock_stage(stage)
        if locked.status == StageStatus.CLOSED:
            raise _refusal(_("赛段已结束，不能再增加评委。"))
        if JudgeAssignment.objects.filter(stage=locked, user=judge).exists():
            raise ValidationError({"phone": _("该评委已在本赛段评委组中。")}, code="duplicate")
        if StageEntrant.objects.filter(stage=locked, entry__member__user=judge).exists():
            raise ValidationError({"phone": _("选手不能担任本赛段的评委。")}, code="conflict")
        assignment = JudgeAssignment.objects.create(stage=locked, user=judge, assigned_by=by)
        audit_record(
            actor=actor,
            action="contests.judge_assign",
            target=locked,
            target_repr=str(locked),
            unit=unit,
            data={"judge": judge.pk},
        )
    return assignment


# --- stages ------------------------------------------------------------------------------------------------------


def _previous(stage: ContestStage) -> ContestStage | None:
    return ContestStage.objects.filter(contest_id=stage.contest_id, order__lt=stage.order).order_by("-order").first()


def stage_open(*, actor: Actor, stage: ContestStage) -> ContestStage:
    """Judging opens: the first stage takes every eligible entry, a later one those who advanced from the previous
    stage; the panel must have at least the policy's number of judges."""
    unit = stage.contest.unit
    require_manage(actor, unit)
    with transaction.atomic():
        locked = _lock_stage(stage)
        contest = _lock_contest(locked.contest)
        if locked.status != StageStatus.PLANNED:
            raise _refusal(_("该赛段已开始或已结束。"))
        previous = _previous(locked)
        if previous is not None and previous.status != StageStatus.CLOSED:
            raise _refusal(_("上一赛段结束后方可开始本赛段。"))
        needed = int(policy_get(MIN_JUDGES_KEY[ContestKind(contest.kind)], unit, on=contest.starts_on).value)
        judges = JudgeAssignment.objects.filter(stage=locked).count()
        if judges < needed:
            raise ValidationError(
                _("评委组只有 %(have)d 人，至少需要 %(need)d 人。") % {"have": judges, "need": needed}, code="judges"
            )
        if previous is None:
            entries = list(ContestEntry.objects.filter(contest=contest, status=EntryStatus.ELIGIBLE).order_by("pk"))
        else:
            entries = [
                row.entry
                for row in StageEntrant.objects.filter(stage=previous, advanced=True)
                .select_related("entry")
                .order_by("rank", "number")
            ]
        if not entries:
            raise _refusal(_("没有可参加本赛段的选手。"), code="empty")
        StageEntrant.objects.bulk_create(
            [StageEntrant(stage=locked, entry=e, number=n) for n, e in enumerate(entries, start=1)]
        )
        locked.status, locked.opened_at = StageStatus.OPEN, timezone.now()
        locked.save(update_fields=["status", "opened_at"])
        if contest.status == ContestStatus.REGISTERING:
            contest.status = ContestStatus.RUNNING
            contest.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="contests.stage_open",
            target=locked,
            target_repr=str(locked),
            unit=unit,
            data={"entrants": len(entries), "judges": judges},
        )
    return locked


def timing_record(*, actor: Actor, entrant: StageEntrant, seconds: int) -> StageEntrant:
    """The entrant's practical time (the second tie-break), recorded by the organiser while the stage is open."""
    stage = entrant.stage
    require_manage(actor, stage.contest.unit)
    if not 1 <= seconds <= 86_400:
        raise ValidationError({"seconds": _("用时须在 1 秒至 24 小时之间。")}, code="seconds")
    with transaction.atomic():
        locked = _lock_stage(stage)
        if locked.status != StageStatus.OPEN:
            raise _refusal(_("只有评分中的赛段可以登记用时。"))
        StageEntrant.objects.filter(pk=entrant.pk).update(time_seconds=seconds)
        audit_record(
            actor=actor,
            action="contests.timing_record",
            target=locked,
            target_repr=str(locked),
            unit=locked.contest.unit,
            data={"number": entrant.number, "seconds": seconds},
        )
    entrant.time_seconds = seconds
    return entrant


def _parse_score(raw: object, top: int, label: str, code: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({code: _("%(label)s请填写数字。") % {"label": label}}, code="score") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")) or not Decimal(0) <= value <= top:
        raise ValidationError(
            {code: _("%(label)s须在 0 至 %(top)d 分之间，最多两位小数。") % {"label": label, "top": top}},
            code="score",
        )
    return value


def is_judge(user: Actor, stage: ContestStage) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and JudgeAssignment.objects.filter(stage=stage, user_id=user.pk).exists()
    )


def score_submit(*, actor: Actor, entrant: StageEntrant, values: Mapping[str, object]) -> list[JudgeScore]:
    """An assigned judge's scores of every component of ``entrant``, written once and final: a second submission
    (a double click, a second phone) is refused and changes nothing; after the stage closes nothing is accepted."""
    stage = entrant.stage
    if not is_judge(actor, stage):
        raise access.NotVisible
    judge = access.require_user(actor)
    contest = stage.contest
    top = int(policy_get("contests.max_score", contest.unit, on=contest.starts_on).value)
    parsed = {
        code: _parse_score(values.get(code, ""), top, str(_(label)), code)
        for code, label in scoring.COMPONENTS[contest.kind]
    }
    already = ValidationError(_("您已提交过该选手的评分，评分提交后不能修改。"), code="scored")
    try:
        with transaction.atomic():
            locked = _lock_stage(stage)
            if locked.status != StageStatus.OPEN:
                raise _refusal(_("该赛段不在评分中，不能提交评分。"))
            if JudgeScore.objects.filter(entrant=entrant, judge=judge).exists():
                raise already
            rows = JudgeScore.objects.bulk_create(
                [JudgeScore(entrant=entrant, judge=judge, component=c, value=v) for c, v in parsed.items()]
            )
            audit_record(
                actor=actor,
                action="contests.score_submit",
                target=locked,
                target_repr=str(locked),
                unit=contest.unit,
                data={"number": entrant.number},
            )
    except IntegrityError:
        raise already from None
    return rows


def _scoring_rules(contest: Contest) -> tuple[Trace, bool, int]:
    head = Trace()
    on = contest.starts_on
    for code, _label in scoring.COMPONENTS[contest.kind]:
        head.rule(WEIGHT_LABELS[code], policy_get(WEIGHT_KEYS[code], contest.unit, on=on))
    drop = bool(
        head.rule(gettext_noop("去掉最高分和最低分"), policy_get("contests.drop_extremes", contest.unit, on=on))
    )
    drop_min = int(
        head.rule(
            gettext_noop("去掉最高最低分所需评委人数"), policy_get("contests.drop_min_judges", contest.unit, on=on)
        )
    )
    return head, drop, drop_min


def stage_close(*, actor: Actor, stage: ContestStage) -> ContestStage:
    """Judging ends: every entrant's scores, total and rank with the trace, and who advances (the top
    ``contests.advance_count``; in a final nobody advances, the contest is finished)."""
    unit = stage.contest.unit
    require_manage(actor, unit)
    with transaction.atomic():
        locked = _lock_stage(stage)
        contest = _lock_contest(locked.contest)
        if locked.status != StageStatus.OPEN:
            raise _refusal(_("只有评分中的赛段可以结束。"))
        head, drop, drop_min = _scoring_rules(contest)
        components = components_of(contest)
        entrants = list(StageEntrant.objects.filter(stage=locked).order_by("number"))
        by_entrant: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
        for entrant_id, component, value in JudgeScore.objects.filter(entrant__stage=locked).values_list(
            "entrant_id", "component", "value"
        ):
            by_entrant[entrant_id][component].append(value)
        scored: dict[int, scoring.Scored] = {
            e.pk: scoring.score_entrant(by_entrant[e.pk], components, drop=drop, drop_min=drop_min) for e in entrants
        }
        tie = scoring.TIE_COMPONENT[contest.kind]
        ranks = scoring.rank(
            [
                scoring.Rankable(
                    key=e.pk,
                    total=scored[e.pk].total,
                    tie=scored[e.pk].components.get(tie),
                    time_seconds=e.time_seconds,
                )
                for e in entrants
            ]
        )
        advance_count: int | None = None
        if not locked.is_final:
            advance_count = int(
                head.rule(gettext_noop("晋级名额"), policy_get("contests.advance_count", unit, on=contest.starts_on))
            )
        winners = scoring.advancing(ranks, advance_count) if advance_count is not None else set()
        for e in entrants:
            result = scored[e.pk]
            e.components = {k: (str(v) if v is not None else None) for k, v in result.components.items()}
            e.total, e.rank, e.advanced = result.total, ranks[e.pk], e.pk in winners
            e.trace = Trace(lines=[*head.lines, *result.trace.lines]).to_json()
        StageEntrant.objects.bulk_update(entrants, ["components", "total", "rank", "advanced", "trace"])
        locked.status, locked.closed_at = StageStatus.CLOSED, timezone.now()
        locked.advance_count, locked.policy_record_ids = advance_count, head.policy_record_ids
        locked.save(update_fields=["status", "closed_at", "advance_count", "policy_record_ids"])
        if locked.is_final:
            contest.status = ContestStatus.FINISHED
            contest.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="contests.stage_close",
            target=locked,
            target_repr=str(locked),
            unit=unit,
            data={"entrants": len(entrants), "advanced": len(winners)},
        )
    return locked


def results_publish(*, actor: Actor, contest: Contest) -> list[ContestAward]:
    """The final's ranking is published to the portal (names masked) and the top ``contests.award_count`` get the
    contest's title and skill-level upgrade, recorded on the member."""
    unit = contest.unit
    require_manage(actor, unit)
    user = access.require_user(actor)
    with transaction.atomic():
        locked = _lock_contest(contest)
        if locked.status != ContestStatus.FINISHED:
            raise _refusal(_("决赛结束后方可公布结果。"))
        final = ContestStage.objects.get(contest=locked, round=StageRound.FINAL)
        count = int(policy_get("contests.award_count", unit, on=locked.starts_on).value)
        today = timezone.localdate()
        winners = list(
            StageEntrant.objects.filter(stage=final, rank__isnull=False, rank__lte=count)
            .select_related("entry")
            .order_by("rank", "number")
        )
        awards = ContestAward.objects.bulk_create(
            [
                ContestAward(
                    contest=locked,
                    entry=w.entry,
                    member_id=w.entry.member_id,
                    rank=w.rank or 0,
                    title=locked.award_title,
                    skill_upgrade=locked.skill_upgrade,
                    awarded_on=today,
                    recorded_by=user,
                )
                for w in winners
            ]
        )
        locked.status, locked.published_at = ContestStatus.PUBLISHED, timezone.now()
        locked.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor,
            action="contests.results_publish",
            target=locked,
            target_repr=locked.name,
            unit=unit,
            data={"awards": len(awards), "award_count": count},
        )
    return awards
