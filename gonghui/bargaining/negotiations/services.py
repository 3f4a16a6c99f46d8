"""A collective bargaining case (平等协商) from the written request to the signed agreement.

Either side asks in writing (``case_request``); the other side's written reply is due within
``bargaining.reply_working_days`` working days (``case_reply``: agreed, or refused with the reason). Each side names
at least ``bargaining.min_negotiators`` negotiators with exactly one chief (``negotiator_add``), then the talks open
(``case_open``); each session is minuted (``session_record``; the signed minutes are attachments of the session),
the subjects are recorded (``subject_set``: a wage subject carries the agreed increase). The draft
(``case_draft``) must go to the workers' congress (or all staff) within ``bargaining.vote_working_days`` working
days: where the union has a workers' congress the draft is linked to a closed agenda item and its result is read
from the congress (more than half of ALL representatives, ``case_vote_congress``); otherwise the all-staff vote is
recorded (``case_vote_staff``: passes only with more than ``bargaining.pass_share`` of ALL staff). A failed vote
returns the case to the talks. Signing (``case_sign``) sets the term (policy minimum and maximum months) and starts
the filing period. What follows (filing, effect, publication, expiry, renewal) is in ``agreements/services.py``.

Every deadline is a ``CaseDeadline`` row computed when its period starts, with the policy record it used; a
deadline is met when the step it waits for is done; ``deadlines_escalate`` marks overdue ones exactly once.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.bargaining.models import (
    AgreementKind,
    BargainingCase,
    BargainingLevel,
    BargainingSession,
    CaseDeadline,
    CaseEvent,
    CaseStatus,
    CaseSubject,
    CoveredEmployer,
    DeadlineKind,
    Negotiator,
    Side,
    Subject,
    VoteMethod,
)
from gonghui.bargaining.negotiations import rules
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.common.statemachine import StateMachine
from gonghui.congress.congresses import selectors as congress_selectors
from gonghui.congress.models import AgendaItem, AgendaStatus, Congress
from gonghui.congress.sessions import selectors as congress_sessions
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.policy.selectors import policy_get

S = CaseStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("协商当前为“%(status)s”，不能执行该操作。") % {"status": CaseStatus(status).label}, code="stale"
    )


CASE = StateMachine.of_actions(
    {
        "reply": ((S.REQUESTED,), S.REPLIED),
        "refuse": ((S.REQUESTED,), S.REFUSED),
        "open": ((S.REPLIED,), S.NEGOTIATING),
        "draft": ((S.NEGOTIATING,), S.DRAFT),
        "vote_pass": ((S.DRAFT,), S.VOTED),
        "vote_fail": ((S.DRAFT,), S.NEGOTIATING),
        "sign": ((S.VOTED,), S.SIGNED),
        "file": ((S.SIGNED,), S.FILED),
        "objection": ((S.FILED,), S.NEGOTIATING),
        "take_effect": ((S.FILED,), S.IN_FORCE),
        "publish": ((S.IN_FORCE,), S.PUBLISHED),
        "expire": ((S.IN_FORCE, S.PUBLISHED), S.EXPIRED),
        "renewed": ((S.IN_FORCE, S.PUBLISHED, S.EXPIRED), S.RENEWED),
    },
    refusal=_refusal,
)
EVENT_LABELS = {
    "request": gettext_lazy("提出协商要约"),
    "reply": gettext_lazy("书面回应同意协商"),
    "refuse": gettext_lazy("拒绝协商"),
    "open": gettext_lazy("开始协商"),
    "session": gettext_lazy("协商会议"),
    "draft": gettext_lazy("形成草案"),
    "vote_pass": gettext_lazy("草案表决通过"),
    "vote_fail": gettext_lazy("草案未获通过"),
    "sign": gettext_lazy("签订"),
    "file": gettext_lazy("报送审查"),
    "objection": gettext_lazy("审查提出异议"),
    "take_effect": gettext_lazy("期满无异议生效"),
    "publish": gettext_lazy("向职工公布"),
    "expire": gettext_lazy("到期"),
    "renewed": gettext_lazy("已续签"),
    "remind": gettext_lazy("续签提醒"),
    "escalate": gettext_lazy("逾期督办"),
}
# Statuses in which negotiators, sessions and subjects may still change.
TALKING = (S.REQUESTED, S.REPLIED, S.NEGOTIATING)
# Which deadline each step meets.
MEETS = {
    "reply": DeadlineKind.REPLY,
    "refuse": DeadlineKind.REPLY,
    "vote_pass": DeadlineKind.VOTE,
    "vote_fail": DeadlineKind.VOTE,
    "file": DeadlineKind.FILING,
    "take_effect": DeadlineKind.OBJECTION,
    "objection": DeadlineKind.OBJECTION,
    "publish": DeadlineKind.PUBLISH,
    "renewed": DeadlineKind.RENEWAL,
}


def clean_text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(value) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(n)d 个字。") % {"label": label, "n": limit}}, code="too_long"
        )
    return value


# --- shared helpers (also used by ``agreements/``) ----------------------------------------------------------------


def require_manage(actor: Actor, case: BargainingCase) -> None:
    access.require_action(actor, view_perm=VIEW_BARGAINING, perm=MANAGE_BARGAINING, unit=case.unit)


def lock(case: BargainingCase) -> BargainingCase:
    return BargainingCase.objects.select_for_update(of=("self",)).select_related("unit", "employer").get(pk=case.pk)


def event(case: BargainingCase, action: str, before: str, after: str, actor: Actor | None, comment: str = "") -> None:
    CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor) if actor is not None else None,
        comment=comment,
    )


def audit(actor: Actor, case: BargainingCase, action: str, data: dict[str, object] | None = None) -> None:
    audit_record(
        actor=actor, action=f"bargaining.{action}", target=case, target_repr=case.title, unit=case.unit, data=data
    )


def deadline_start(case: BargainingCase, kind: str, *, key: str, day_unit: str, start: date) -> CaseDeadline:
    """Compute and store the deadline ``kind`` of ``case`` from ``start`` by the policy ``key`` in force at the
    case's union on ``start`` (a later start of the same kind, after a failed vote or an objection, replaces it)."""
    rule = policy_get(key, case.unit, on=start)
    amount = int(rule.value)
    values = {
        "starts_on": start,
        "due_on": rules.due_date(start, amount, day_unit),
        "amount": amount,
        "day_unit": day_unit,
        "policy_key": key,
        "policy": rule.to_trace(),
        "escalates": kind != DeadlineKind.OBJECTION,
        "met_on": None,
        "escalated_at": None,
        "reminded_at": None,
    }
    deadline, _created = CaseDeadline.objects.update_or_create(case=case, kind=kind, defaults=values)
    return deadline


def deadline_meet(case: BargainingCase, action: str, on: date) -> None:
    kind = MEETS.get(action)
    if kind is not None:
        CaseDeadline.objects.filter(case=case, kind=kind, met_on__isnull=True).update(met_on=on)


def move(case: BargainingCase, action: str, actor: Actor | None, *, on: date, comment: str = "") -> tuple[str, str]:
    """Move the (locked) case by ``action``: the event row, and the deadline the step meets."""
    before, after = CASE.move(case, action)
    case.save(update_fields=["status"])
    event(case, action, before, after, actor, comment)
    deadline_meet(case, action, on)
    return before, after


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")}, code="future")


# --- the request and the reply ------------------------------------------------------------------------------------


def case_request(
    *,
    actor: Actor,
    unit: OrgUnit,
    level: str,
    kind: str,
    title: str,
    initiated_by: str,
    requested_on: date,
    employer: Employer | None = None,
    employer_party: str = "",
    request_text: str = "",
    renews: BargainingCase | None = None,
) -> BargainingCase:
    """A written request to bargain, by either side. An employer's case is run by the union of that employer (or
    one above it) and covers the employer; a regional or industry case lists the employers it covers later."""
    access.require_action(actor, view_perm=VIEW_BARGAINING, perm=MANAGE_BARGAINING, unit=unit)
    if level not in BargainingLevel.values:
        raise ValidationError({"level": _("请选择协商层级。")}, code="level")
    if kind not in AgreementKind.values:
        raise ValidationError({"kind": _("请选择合同类型。")}, code="kind")
    if initiated_by not in Side.values:
        raise ValidationError({"initiated_by": _("请选择要约方。")}, code="initiated_by")
    title = clean_text(title, field="title", label=_("名称"), limit=160, required=True)
    request_text = clean_text(request_text, field="request_text", label=_("要约内容"), limit=5000)
    _not_future(requested_on, "requested_on")
    if level == BargainingLevel.EMPLOYER:
        if employer is None:
            raise ValidationError({"employer": _("企业集体合同须选择企业。")}, code="employer")
        if not employer.is_active or not employer.unit.path.startswith(unit.path):
            raise ValidationError({"employer": _("该企业不属于所选工会。")}, code="employer")
        employer_party = employer_party.strip() or employer.name
    elif employer is not None:
        raise ValidationError(
            {"employer": _("区域性、行业性集体合同在“覆盖企业”中列出所覆盖的企业。")}, code="employer"
        )
    employer_party = clean_text(
        employer_party, field="employer_party", label=_("企业方（或企业代表组织）"), limit=120, required=True
    )
    with transaction.atomic():
        case = BargainingCase.objects.create(
            unit=unit,
            level=level,
            kind=kind,
            employer=employer,
            employer_party=employer_party,
            title=title,
            initiated_by=initiated_by,
            requested_on=requested_on,
            request_text=request_text,
            renews=renews,
            created_by=access.require_user(actor),
        )
        if employer is not None:
            CoveredEmployer.objects.create(case=case, employer=employer, staff_count=employer.staff_count)
        elif renews is not None:
            CoveredEmployer.objects.bulk_create(
                CoveredEmployer(case=case, employer_id=c.employer_id, staff_count=c.employer.staff_count)
                for c in renews.covered.select_related("employer")
            )
        deadline = deadline_start(
            case, DeadlineKind.REPLY, key="bargaining.reply_working_days", day_unit=rules.WORKING, start=requested_on
        )
        event(case, "request", "", case.status, actor, comment=str(Side(initiated_by).label))
        audit(
            actor,
            case,
            "case_request",
            {"level": level, "kind": kind, "renews": renews.pk if renews else None, "reply_due": str(deadline.due_on)},
        )
    return case


def case_reply(*, actor: Actor, case: BargainingCase, agree: bool, replied_on: date, text: str = "") -> BargainingCase:
    """The other side's written reply: agreed to bargain, or refused (with the reason)."""
    require_manage(actor, case)
    text = clean_text(text, field="text", label=_("回应内容"), limit=5000, required=not agree)
    _not_future(replied_on, "replied_on")
    if replied_on < case.requested_on:
        raise ValidationError({"replied_on": _("回应日期不能早于要约日期。")}, code="date")
    with transaction.atomic():
        locked = lock(case)
        locked.replied_on, locked.reply_text = replied_on, text
        locked.save(update_fields=["replied_on", "reply_text"])
        move(locked, "reply" if agree else "refuse", actor, on=replied_on, comment=text)
        audit(actor, locked, "case_reply", {"agree": agree, "replied_on": str(replied_on)})
    return locked


# --- negotiators, sessions and subjects ---------------------------------------------------------------------------


def negotiator_add(
    *, actor: Actor, case: BargainingCase, side: str, name: str, position: str = "", is_chief: bool = False
) -> Negotiator:
    require_manage(actor, case)
    if side not in Side.values:
        raise ValidationError({"side": _("请选择所属方。")}, code="side")
    name = clean_text(name, field="name", label=_("姓名"), limit=40, required=True)
    position = clean_text(position, field="position", label=_("职务"), limit=60)
    try:
        with transaction.atomic():
            locked = lock(case)
            if locked.status not in TALKING:
                raise _refusal(locked.status, "negotiator")
            negotiator = Negotiator.objects.create(
                case=locked, side=side, name=name, position=position, is_chief=is_chief
            )
            audit(actor, locked, "negotiator_add", {"side": side, "chief": is_chief})
    except IntegrityError:
        raise ValidationError({"is_chief": _("每方只能有一名首席代表。")}, code="chief") from None
    return negotiator


def negotiator_remove(*, actor: Actor, negotiator: Negotiator) -> None:
    case = negotiator.case
    require_manage(actor, case)
    with transaction.atomic():
        locked = lock(case)
        if locked.status not in TALKING:
            raise _refusal(locked.status, "negotiator")
        Negotiator.objects.filter(pk=negotiator.pk).delete()
        audit(actor, locked, "negotiator_remove", {"side": negotiator.side})


def _check_negotiators(case: BargainingCase, on: date) -> None:
    need = int(policy_get("bargaining.min_negotiators", case.unit, on=on).value)
    rows = {
        row["side"]: row
        for row in Negotiator.objects.filter(case=case)
        .values("side")
        .annotate(n=Count("pk"), chiefs=Count("pk", filter=Q(is_chief=True)))
    }
    for side in Side:
        row = rows.get(side.value, {"n": 0, "chiefs": 0})
        if row["n"] < need or row["chiefs"] != 1:
            raise ValidationError(
                _("%(side)s须有不少于 %(need)d 名协商代表，其中首席代表一名（目前 %(n)d 名、首席 %(c)d 名）。")
                % {"side": side.label, "need": need, "n": row["n"], "c": row["chiefs"]},
                code="negotiators",
            )


def case_open(*, actor: Actor, case: BargainingCase, on: date | None = None) -> BargainingCase:
    """The talks open once both sides have named their negotiators and chiefs."""
    require_manage(actor, case)
    day = _today(on)
    with transaction.atomic():
        locked = lock(case)
        CASE.check(locked.status, "open")
        _check_negotiators(locked, day)
        move(locked, "open", actor, on=day)
        audit(actor, locked, "case_open")
    return locked


def session_record(
    *, actor: Actor, case: BargainingCase, held_on: date, minutes: str, place: str = "", signed: bool = False
) -> BargainingSession:
    """A minuted session of the talks (numbered in order); ``signed``: both chiefs signed the minutes."""
    require_manage(actor, case)
    minutes = clean_text(minutes, field="minutes", label=_("会议纪要"), limit=20000, required=True)
    place = clean_text(place, field="place", label=_("地点"), limit=120)
    _not_future(held_on, "held_on")
    with transaction.atomic():
        locked = lock(case)
        if locked.status != S.NEGOTIATING:
            raise _refusal(locked.status, "session")
        number = BargainingSession.objects.filter(case=locked).count() + 1
        session = BargainingSession.objects.create(
            case=locked, number=number, held_on=held_on, minutes=minutes, place=place, signed=signed
        )
        event(locked, "session", locked.status, locked.status, actor, comment=_("第 %(n)d 次") % {"n": number})
        audit(actor, locked, "session_record", {"number": number, "held_on": str(held_on), "signed": signed})
    return session


def subject_set(
    *, actor: Actor, case: BargainingCase, subject: str, content: str, wage_increase: Decimal | None = None
) -> CaseSubject:
    """Record (or correct) what was agreed on ``subject``; wages carry the agreed increase (%)."""
    require_manage(actor, case)
    if subject not in Subject.values:
        raise ValidationError({"subject": _("请选择协商事项。")}, code="subject")
    content = clean_text(content, field="content", label=_("约定内容"), limit=10000, required=True)
    if subject == Subject.WAGES:
        if wage_increase is None:
            raise ValidationError({"wage_increase": _("劳动报酬事项须填写工资增长幅度。")}, code="wage_increase")
        if not Decimal("-50") <= wage_increase <= Decimal("100"):
            raise ValidationError({"wage_increase": _("工资增长幅度应在 -50% 至 100% 之间。")}, code="wage_increase")
    else:
        wage_increase = None
    with transaction.atomic():
        locked = lock(case)
        if locked.status != S.NEGOTIATING:
            raise _refusal(locked.status, "subject")
        row, _created = CaseSubject.objects.update_or_create(
            case=locked, subject=subject, defaults={"content": content, "wage_increase": wage_increase}
        )
        audit(
            actor,
            locked,
            "subject_set",
            {"subject": subject, "wage_increase": str(wage_increase) if wage_increase is not None else None},
        )
    return row


def case_draft(*, actor: Actor, case: BargainingCase, on: date | None = None) -> BargainingCase:
    """The draft is ready: at least one minuted session and one subject (a wage agreement: the wage subject);
    it must go to the congress or all staff within the policy's working days."""
    require_manage(actor, case)
    day = _today(on)
    with transaction.atomic():
        locked = lock(case)
        CASE.check(locked.status, "draft")
        if not BargainingSession.objects.filter(case=locked).exists():
            raise ValidationError(_("草案形成前须至少召开一次协商会议并形成纪要。"), code="sessions")
        subjects = set(CaseSubject.objects.filter(case=locked).values_list("subject", flat=True))
        if not subjects:
            raise ValidationError(_("请先登记协商事项。"), code="subjects")
        if locked.kind == AgreementKind.WAGE and Subject.WAGES not in subjects:
            raise ValidationError(_("工资专项集体合同须登记劳动报酬事项及工资增长幅度。"), code="subjects")
        if locked.level != BargainingLevel.EMPLOYER and not locked.covered.exists():
            raise ValidationError(_("区域性、行业性集体合同须列出所覆盖的企业。"), code="covered")
        locked.draft_on = day
        locked.save(update_fields=["draft_on"])
        move(locked, "draft", actor, on=day)
        deadline = deadline_start(
            locked, DeadlineKind.VOTE, key="bargaining.vote_working_days", day_unit=rules.WORKING, start=day
        )
        audit(actor, locked, "case_draft", {"vote_due": str(deadline.due_on)})
    return locked


# --- the vote -----------------------------------------------------------------------------------------------------


def has_congress(case: BargainingCase) -> bool:
    """Whether the case's union has an active workers' congress (then the draft goes to it)."""
    return Congress.objects.filter(unit=case.unit, active=True).exists()


def _record_vote(
    actor: Actor,
    locked: BargainingCase,
    *,
    method: str,
    total: int,
    yes: int,
    no: int,
    abstain: int,
    on: date,
    passed: bool,
    extra: dict[str, object],
) -> BargainingCase:
    locked.vote_method, locked.vote_total = method, total
    locked.votes_for, locked.votes_against, locked.votes_abstain = yes, no, abstain
    locked.vote_passed, locked.voted_on = passed, on
    locked.save(
        update_fields=[
            "vote_method",
            "vote_total",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "vote_passed",
            "voted_on",
            "congress_item",
        ]
    )
    comment = _("赞成 %(y)d / 应表决 %(t)d") % {"y": yes, "t": total}
    move(locked, "vote_pass" if passed else "vote_fail", actor, on=on, comment=comment)
    audit(actor, locked, "case_vote", {"method": method, "total": total, "for": yes, "passed": passed, **extra})
    return locked


TALLY_TOTAL = "本届在任代表总数"


def _congress_total(item: AgendaItem) -> int:
    """All active representatives when the item was counted (the given line of the congress's tally trace), else
    the term's active representatives now."""
    for line in (item.tally_trace or {}).get("lines", []):
        if line.get("role") == "given" and line.get("label") == TALLY_TOTAL:
            return int(line["value"])
    return congress_selectors.active_count(item.session.term)


def case_vote_congress(*, actor: Actor, case: BargainingCase, item_id: object) -> BargainingCase:
    """The draft was put to the union's workers' congress: link the agenda item, and read its counted result from
    the congress (passes with more than half of ALL representatives, the congress's own rule)."""
    require_manage(actor, case)
    item = congress_sessions.item_get(actor=actor, item_id=item_id)
    congress = item.session.term.congress
    if congress.unit_id != case.unit_id:
        raise ValidationError({"item_id": _("该议程不属于本工会的职工代表大会。")}, code="item")
    if item.status != AgendaStatus.CLOSED or item.passed is None:
        raise ValidationError({"item_id": _("该议程尚未计票。")}, code="item_open")
    total = _congress_total(item)
    on = timezone.localdate(item.closed_at) if item.closed_at else timezone.localdate()
    with transaction.atomic():
        locked = lock(case)
        CASE.check(locked.status, "vote_pass")
        locked.congress_item = item
        return _record_vote(
            actor,
            locked,
            method=VoteMethod.CONGRESS,
            total=total,
            yes=item.votes_for,
            no=item.votes_against,
            abstain=item.votes_abstain,
            on=on,
            passed=bool(item.passed),
            extra={"item": item.pk},
        )


def case_vote_staff(
    *,
    actor: Actor,
    case: BargainingCase,
    total: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    voted_on: date,
) -> BargainingCase:
    """No workers' congress: the draft was put to all staff; passes only with more than the policy share of ALL
    staff (``total``), not of those who voted."""
    require_manage(actor, case)
    if has_congress(case):
        raise ValidationError(_("本工会已建立职工代表大会，草案应提交职代会审议。"), code="congress")
    if total <= 0:
        raise ValidationError({"total": _("请填写全体职工人数。")}, code="total")
    if min(votes_for, votes_against, votes_abstain) < 0 or votes_for + votes_against + votes_abstain > total:
        raise ValidationError({"votes_for": _("赞成、反对、弃权之和不能超过全体职工人数。")}, code="votes")
    _not_future(voted_on, "voted_on")
    with transaction.atomic():
        locked = lock(case)
        CASE.check(locked.status, "vote_pass")
        if locked.draft_on and voted_on < locked.draft_on:
            raise ValidationError({"voted_on": _("表决日期不能早于草案形成日期。")}, code="date")
        share = policy_get("bargaining.pass_share", locked.unit, on=voted_on)
        passed = rules.vote_passes(votes_for, total, Decimal(share.value))
        return _record_vote(
            actor,
            locked,
            method=VoteMethod.ALL_STAFF,
            total=total,
            yes=votes_for,
            no=votes_against,
            abstain=votes_abstain,
            on=voted_on,
            passed=passed,
            extra={"policy": share.to_trace()},
        )


# --- signing ------------------------------------------------------------------------------------------------------


def case_sign(
    *, actor: Actor, case: BargainingCase, signed_on: date, term_months: int, starts_on: date | None = None
) -> BargainingCase:
    """Both chiefs signed: the term (policy minimum to maximum months) and the filing period start."""
    require_manage(actor, case)
    _not_future(signed_on, "signed_on")
    starts = starts_on or signed_on
    with transaction.atomic():
        locked = lock(case)
        CASE.check(locked.status, "sign")
        low = int(policy_get("bargaining.term_min_months", locked.unit, on=signed_on).value)
        high = int(policy_get("bargaining.term_max_months", locked.unit, on=signed_on).value)
        if not low <= term_months <= high:
            raise ValidationError(
                {"term_months": _("集体合同期限应为 %(low)d 至 %(high)d 个月。") % {"low": low, "high": high}},
                code="term",
            )
        if locked.voted_on and signed_on < locked.voted_on:
            raise ValidationError({"signed_on": _("签订日期不能早于表决日期。")}, code="date")
        locked.signed_on, locked.term_months, locked.starts_on = signed_on, term_months, starts
        locked.ends_on = rules.term_end(starts, term_months)
        locked.save(update_fields=["signed_on", "term_months", "starts_on", "ends_on"])
        move(locked, "sign", actor, on=signed_on)
        deadline = deadline_start(
            locked, DeadlineKind.FILING, key="bargaining.filing_days", day_unit=rules.CALENDAR, start=signed_on
        )
        if locked.renews_id is not None:
            previous = lock(BargainingCase(pk=locked.renews_id))
            if CASE.allows(previous.status, "renewed"):
                move(previous, "renewed", actor, on=signed_on, comment=locked.title)
        audit(
            actor,
            locked,
            "case_sign",
            {"signed_on": str(signed_on), "ends_on": str(locked.ends_on), "filing_due": str(deadline.due_on)},
        )
    return locked


# --- escalation (a scheduled job: no actor) -----------------------------------------------------------------------


def deadlines_escalate(*, today: date, now: datetime | None = None) -> int:
    """Mark every deadline past its day and not met as escalated, exactly once (an event on its case). Returns how
    many were marked now."""
    stamp = now or timezone.now()
    with transaction.atomic():
        overdue = list(
            CaseDeadline.objects.select_for_update()
            .filter(escalates=True, met_on__isnull=True, escalated_at__isnull=True, due_on__lt=today)
            .select_related("case")
            .order_by("pk")
        )
        if not overdue:
            return 0
        CaseDeadline.objects.filter(pk__in=[d.pk for d in overdue]).update(escalated_at=stamp)
        for deadline in overdue:
            event(
                deadline.case,
                "escalate",
                deadline.case.status,
                deadline.case.status,
                None,
                comment=f"{DeadlineKind(deadline.kind).label} {deadline.due_on.isoformat()}",
            )
    return len(overdue)
