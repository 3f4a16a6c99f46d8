"""Nomination campaigns (劳模、工匠、五一劳动奖章评选) and model workers' benefits.

A federation opens a campaign for one title at one level in one year with a number of places, and carves the places
into quotas for the unions below (``quota_allot``; unused places go back up with ``quota_hand_back``). A union that
holds a quota nominates members of its subtree up to it (``nomination_create``: deeds, years in the trade,
attachments), then submits the nomination to the review process of the campaign's level (``nomination_submit``):
unit publicity (公示) at the nominating union, level-by-level review up to the campaign's level, final publicity
there. Objections raised during a publicity are recorded and decided through the review kernel; an upheld one
rejects the nomination. The federation then confers the title on every approved nomination at once
(``campaign_award``): each gets a certificate number and an ``Honoree`` in the register.

Benefits: every year, a union plans the check-up, the visit and the recuperation priority of each of its honorees
(``benefit_plan_year``), adds a hardship allowance for those in need (``benefit_allowance_add``, capped by policy),
marks items done and pays allowances through finance (``benefit_pay``, idempotency key ``honors.benefit:<pk>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.services import receiving_ledger
from gonghui.finance.models import Account, PaymentRequest
from gonghui.finance.payments.services import payment_request
from gonghui.honors.models import (
    LIVE_NOMINATION,
    Benefit,
    BenefitKind,
    BenefitStatus,
    Campaign,
    CampaignQuota,
    CampaignStatus,
    Honoree,
    HonorLevel,
    HonorTitle,
    Nomination,
    NominationEvent,
    NominationStatus,
)
from gonghui.honors.permissions import (
    MANAGE_BENEFITS,
    MANAGE_CAMPAIGNS,
    NOMINATE,
    REVIEW_NOMINATIONS,
    VIEW_CAMPAIGNS,
    VIEW_HONOREES,
)
from gonghui.honors.register import services as register
from gonghui.honors.register.selectors import current_honorees
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit, UnitKind, UnitStatus
from gonghui.policy.selectors import policy_get
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepKind, StepLevel
from gonghui.review.services import StepSpec, case_resubmit, case_submit, case_withdraw, process_ensure

S = NominationStatus
BENEFIT_ACCOUNT = "5101"  # 职工服务支出
PLANNED_KINDS = (BenefitKind.CHECKUP, BenefitKind.VISIT, BenefitKind.RECUPERATION)

NOMINATION = StateMachine.of_actions(
    {
        "submit": ((S.DRAFT,), S.IN_REVIEW),
        "resubmit": ((S.RETURNED,), S.IN_REVIEW),
        "approve": ((S.IN_REVIEW,), S.APPROVED),
        "return": ((S.IN_REVIEW,), S.RETURNED),
        "reject": ((S.IN_REVIEW,), S.REJECTED),
        "withdraw": ((S.DRAFT, S.IN_REVIEW, S.RETURNED), S.WITHDRAWN),
        "award": ((S.APPROVED,), S.AWARDED),
    },
    refusal=lambda status, action: ValidationError(
        _("推荐当前状态为“%(status)s”，不能执行该操作。") % {"status": NominationStatus(status).label}, code="stale"
    ),
)
BENEFIT = StateMachine.of_actions(
    {
        "done": ((BenefitStatus.PLANNED,), BenefitStatus.DONE),
        "cancel": ((BenefitStatus.PLANNED,), BenefitStatus.CANCELLED),
    },
    refusal=lambda status, action: ValidationError(
        _("该待遇项目当前为“%(status)s”，不能执行该操作。") % {"status": BenefitStatus(status).label}, code="stale"
    ),
)


# --- review processes ---------------------------------------------------------------------------------------------


def process_code(level: str) -> str:
    return f"honors.nomination_{level}"


PROCESS_CODES = tuple(process_code(level) for level in HonorLevel.values)


def ensure_process(level: str) -> ProcessType:
    """The review process of nominations of a campaign of ``level``: publicity at the nominating union, review by
    the county and the city federation (a level that does not exist above the union is skipped), the province for a
    provincial or national campaign, then the final publicity at the campaign's level. Created when missing, left as
    staff configured it."""
    final = StepLevel.CITY if level == HonorLevel.CITY else StepLevel.PROVINCE
    steps = [
        StepSpec(
            1, "单位公示", StepLevel.SUBJECT, REVIEW_NOMINATIONS, kind=StepKind.PUBLICITY, publicity_working_days=5
        ),
        StepSpec(2, "县级工会审核", StepLevel.COUNTY, REVIEW_NOMINATIONS, deadline_working_days=10),
        StepSpec(3, "市级工会审核", StepLevel.CITY, REVIEW_NOMINATIONS, deadline_working_days=10),
    ]
    if final == StepLevel.PROVINCE:
        steps.append(StepSpec(4, "省总工会评审", StepLevel.PROVINCE, REVIEW_NOMINATIONS, deadline_working_days=15))
    steps.append(
        StepSpec(
            len(steps) + 1, "评选结果公示", final, REVIEW_NOMINATIONS, kind=StepKind.PUBLICITY, publicity_working_days=7
        )
    )
    return process_ensure(
        code=process_code(level),
        name=f"{HonorLevel(level).label}劳模工匠推荐审核",
        description="推荐单位公示、县级和市级工会逐级审核、评选单位评审、评选结果公示（可在审核流程中调整）。",
        steps=steps,
        data={"module": "honors"},
    )


# --- helpers ------------------------------------------------------------------------------------------------------


def _text(value: object, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _invalid(field: str, message: str, code: str) -> ValidationError:
    """A refusal on one field that keeps its code (``error_dict[field][0].code``)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _int(value: object, *, field: str, label: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(label)s须为整数。") % {"label": label}}, code="number") from None
    if not low <= number <= high:
        raise ValidationError(
            {field: _("%(label)s须在 %(low)d 至 %(high)d 之间。") % {"label": label, "low": low, "high": high}},
            code="range",
        )
    return number


def _event(nomination: Nomination, action: str, actor: Actor | None, before: str, comment: str = "") -> None:
    NominationEvent.objects.create(
        nomination=nomination,
        action=action,
        from_status=before,
        to_status=nomination.status,
        actor=access.user_of(actor),
        comment=comment,
    )


def nomination_title(nomination: Nomination) -> str:
    """The review case's title (masked name: the title is shown in queues and audit records)."""
    return f"{nomination.campaign.name} · {mask_name(nomination.member.name)}"


def _campaign_open(campaign: Campaign, *, window: bool = True) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("评选已结束或已取消。"), code="stale")
    if window:
        today = timezone.localdate()
        if not campaign.nominate_from <= today <= campaign.nominate_until:
            raise ValidationError(
                _("推荐时间为 %(start)s 至 %(end)s。")
                % {"start": campaign.nominate_from.isoformat(), "end": campaign.nominate_until.isoformat()},
                code="window",
            )


# --- campaigns ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignInput:
    name: str
    title: str
    level: str
    year: object
    places: object
    nominate_from: date
    nominate_until: date
    certificate_prefix: str
    conferred_by: str


def campaign_create(*, actor: Actor, unit: OrgUnit, data: CampaignInput) -> Campaign:
    """Open a campaign at ``unit`` (a federation: usually the province's for a national or provincial title, a
    city's for a city title) with its pool of places. A craftsman campaign reads ``honors.craftsman_min_years``
    and keeps it."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=MANAGE_CAMPAIGNS, unit=unit)
    user = access.require_user(actor)
    name = _text(data.name, field="name", label=_("评选名称"), limit=120, required=True)
    if data.title not in HonorTitle.values:
        raise _invalid("title", _("请选择荣誉称号。"), "title")
    if data.level not in HonorLevel.values:
        raise _invalid("level", _("请选择级别。"), "level")
    if unit.kind != UnitKind.FEDERATION:
        raise _invalid("unit", _("评选由地方总工会组织。"), "unit_kind")
    today = timezone.localdate()
    year = _int(data.year, field="year", label=_("年度"), low=today.year - 1, high=today.year + 1)
    most = policy_get("honors.campaign_max_places", unit)
    places = _int(data.places, field="places", label=_("名额总数"), low=1, high=int(most.value))
    if data.nominate_until < data.nominate_from:
        raise _invalid("nominate_until", _("推荐截止日期不能早于开始日期。"), "dates")
    prefix = _text(
        data.certificate_prefix, field="certificate_prefix", label=_("证书编号前缀"), limit=20, required=True
    )
    conferred_by = _text(data.conferred_by, field="conferred_by", label=_("授予机关"), limit=120, required=True)
    trace: dict[str, Any] = {"max_places": most.to_trace()}
    min_years = 0
    if data.title == HonorTitle.CRAFTSMAN:
        rule = policy_get("honors.craftsman_min_years", unit)
        min_years = int(rule.value)
        trace["craftsman_min_years"] = rule.to_trace()
    ensure_process(data.level)
    with transaction.atomic():
        if Campaign.objects.filter(unit=unit, title=data.title, level=data.level, year=year).exists():
            raise ValidationError(_("本单位该年度已有同一称号、同一级别的评选。"), code="duplicate")
        try:
            with transaction.atomic():
                campaign = Campaign.objects.create(
                    unit=unit,
                    name=name,
                    title=data.title,
                    level=data.level,
                    year=year,
                    places=places,
                    nominate_from=data.nominate_from,
                    nominate_until=data.nominate_until,
                    min_years_in_trade=min_years,
                    rule_trace=trace,
                    certificate_prefix=prefix,
                    conferred_by=conferred_by,
                    created_by=user,
                )
        except IntegrityError:
            raise ValidationError(_("本单位该年度已有同一称号、同一级别的评选。"), code="duplicate") from None
        CampaignQuota.objects.create(campaign=campaign, unit=unit, places=places)
        audit_record(
            actor=actor,
            action="honors.campaign_create",
            target=campaign,
            target_repr=campaign.name,
            unit=unit,
            data={"title": data.title, "level": data.level, "year": year, "places": places, "min_years": min_years},
        )
    return campaign


def campaign_award(*, actor: Actor, campaign: Campaign) -> int:
    """Confer the title on every approved nomination of ``campaign`` (once no nomination is still being reviewed):
    each gets the next certificate number (prefix + 4 digits, by union then nomination) and its ``Honoree``.
    Returns the number awarded."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=MANAGE_CAMPAIGNS, unit=campaign.unit)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update(of=("self",)).select_related("unit").get(pk=campaign.pk)
        if campaign.status != CampaignStatus.OPEN:
            raise ValidationError(_("该评选已表彰或已取消。"), code="stale")
        pending = Nomination.objects.filter(campaign=campaign, status__in=(S.DRAFT, S.IN_REVIEW, S.RETURNED)).count()
        if pending:
            raise ValidationError(
                _("还有 %(n)d 个推荐未办结（草稿、审核中或退回修改），办结后才能授予。") % {"n": pending},
                code="pending",
            )
        approved = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(campaign=campaign, status=S.APPROVED)
            .select_related("member", "unit")
            .order_by("unit__path", "pk")
        )
        if not approved:
            raise ValidationError(_("没有审核通过的推荐对象。"), code="empty")
        for number, nomination in enumerate(approved, start=1):
            honoree = register.honoree_confer(
                actor=actor,
                member=nomination.member,
                data=register.HonorInput(
                    title=campaign.title,
                    level=campaign.level,
                    year=campaign.year,
                    conferred_by=campaign.conferred_by,
                    certificate_no=f"{campaign.certificate_prefix}{number:04d}",
                ),
                source=nomination.source,
            )
            before, _after = NOMINATION.move(nomination, "award")
            nomination.honoree = honoree
            nomination.save(update_fields=["status", "honoree", "updated_at"])
            _event(nomination, "award", actor, before, honoree.certificate_no)
        campaign.status = CampaignStatus.AWARDED
        campaign.awarded_on = timezone.localdate()
        campaign.version = F("version") + 1
        campaign.save(update_fields=["status", "awarded_on", "version"])
        audit_record(
            actor=actor,
            action="honors.campaign_award",
            target=campaign,
            target_repr=campaign.name,
            unit=campaign.unit,
            data={"awarded": len(approved)},
        )
    return len(approved)


def nomination_export_record(*, actor: Actor, campaign: Campaign, rows: int) -> None:
    """The audit record of an export of a campaign's nominations (names masked in the file)."""
    access.require_anywhere(actor, VIEW_CAMPAIGNS)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="honors.nomination_export",
            target=campaign,
            target_repr=campaign.name,
            unit=campaign.unit,
            data={"rows": rows},
        )


# --- quotas -------------------------------------------------------------------------------------------------------


def _lock_quotas(*pks: int) -> dict[int, CampaignQuota]:
    rows = (
        CampaignQuota.objects.select_for_update(of=("self",)).select_related("unit").filter(pk__in=pks).order_by("pk")
    )
    return {q.pk: q for q in rows}


def quota_allot(*, actor: Actor, source: CampaignQuota, unit: OrgUnit, places: object) -> CampaignQuota:
    """Give ``places`` of ``source``'s free places to ``unit`` below it (a new quota, or more places to the quota
    ``unit`` already holds from ``source``). ``source`` must be the nearest quota above ``unit``."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=MANAGE_CAMPAIGNS, unit=source.unit)
    count = _int(places, field="places", label=_("名额"), low=1, high=100000)
    if unit.pk == source.unit_id or not unit.path.startswith(source.unit.path):
        raise _invalid("unit", _("只能向本级以下的工会分配名额。"), "unit")
    if unit.status != UnitStatus.ACTIVE:
        raise _invalid("unit", _("该工会已撤销。"), "unit")
    campaign = source.campaign
    _campaign_open(campaign, window=False)
    if timezone.localdate() > campaign.nominate_until:
        raise ValidationError(_("推荐已截止，名额不能再调整。"), code="closed")
    with transaction.atomic():
        existing = CampaignQuota.objects.filter(campaign=campaign, unit=unit).first()
        if existing is not None and existing.parent_id != source.pk:
            raise _invalid("unit", _("该工会的名额由其他上级分配。"), "parent")
        if existing is None:
            nearest = (
                CampaignQuota.objects.filter(campaign=campaign, unit__path__in=unit.ancestor_paths())
                .select_related("unit")
                .order_by("-unit__depth")
                .first()
            )
            if nearest is not None and nearest.pk != source.pk:
                raise _invalid("unit", _("%(unit)s 已有名额，请由其分配。") % {"unit": nearest.unit.name}, "parent")
        locked = _lock_quotas(source.pk, *([existing.pk] if existing else []))
        source = locked[source.pk]
        if count > source.free:
            raise _invalid("places", _("可分配的名额只有 %(n)d 个。") % {"n": source.free}, "over_allot")
        CampaignQuota.objects.filter(pk=source.pk).update(allotted=F("allotted") + count)
        if existing is not None:
            CampaignQuota.objects.filter(pk=existing.pk).update(places=F("places") + count)
            child = CampaignQuota.objects.select_related("unit").get(pk=existing.pk)
        else:
            child = CampaignQuota.objects.create(campaign=campaign, unit=unit, parent=source, places=count)
        audit_record(
            actor=actor,
            action="honors.quota_allot",
            target=child,
            target_repr=f"{campaign.name} · {unit.name}",
            unit=source.unit,
            data={"campaign": campaign.pk, "places": count, "to_unit": unit.pk},
        )
    return child


def quota_hand_back(*, actor: Actor, quota: CampaignQuota, places: object) -> CampaignQuota:
    """Hand ``places`` unused places of ``quota`` back to the quota they came from (by the nomination deadline)."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=MANAGE_CAMPAIGNS, unit=quota.unit)
    if quota.parent_id is None:
        raise ValidationError(_("评选单位的名额池不能退回。"), code="root")
    count = _int(places, field="places", label=_("退回名额"), low=1, high=100000)
    campaign = quota.campaign
    _campaign_open(campaign, window=False)
    if timezone.localdate() > campaign.nominate_until:
        raise ValidationError(_("推荐已截止，名额不能再调整。"), code="closed")
    with transaction.atomic():
        locked = _lock_quotas(quota.parent_id, quota.pk)
        parent, quota = locked[quota.parent_id], locked[quota.pk]
        if count > quota.free:
            raise _invalid("places", _("未使用的名额只有 %(n)d 个。") % {"n": quota.free}, "over_return")
        CampaignQuota.objects.filter(pk=quota.pk).update(
            places=F("places") - count, handed_back=F("handed_back") + count
        )
        CampaignQuota.objects.filter(pk=parent.pk).update(allotted=F("allotted") - count)
        audit_record(
            actor=actor,
            action="honors.quota_hand_back",
            target=quota,
            target_repr=f"{campaign.name} · {quota.unit.name}",
            unit=quota.unit,
            data={"campaign": campaign.pk, "places": count},
        )
        quota.refresh_from_db()
    return quota


# --- nominations --------------------------------------------------------------------------------------------------


def _check_nominee(campaign: Campaign, quota: CampaignQuota, member: Member, years_in_trade: int) -> None:
    if not member.unit.path.startswith(quota.unit.path):
        raise _invalid("member", _("只能推荐本工会及下属工会的会员。"), "subtree")
    if member.status != MemberStatus.ACTIVE:
        raise _invalid("member", _("只能推荐在册会员。"), "status")
    if campaign.min_years_in_trade and years_in_trade < campaign.min_years_in_trade:
        raise _invalid(
            "years_in_trade", _("本次评选要求从业不少于 %(n)d 年。") % {"n": campaign.min_years_in_trade}, "years"
        )
    if Honoree.objects.filter(
        member=member, title=campaign.title, level=campaign.level, revoked_on__isnull=True
    ).exists():
        raise _invalid("member", _("该会员已获得同一级别的这项荣誉。"), "holder")


def _duplicate() -> ValidationError:
    return _invalid("member", _("该会员已被推荐参加本次评选。"), "duplicate")


def nomination_create(
    *, actor: Actor, quota: CampaignQuota, member: Member, deeds: str, years_in_trade: object = 0
) -> Nomination:
    """A draft nomination of ``member`` (of ``quota``'s union's subtree) by that union, holding one of its places.
    The same member twice in one campaign is refused, also when two clerks (or one double click) race."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=NOMINATE, unit=quota.unit)
    user = access.require_user(actor)
    deeds = _text(deeds, field="deeds", label=_("主要事迹"), limit=4000, required=True)
    years = _int(years_in_trade or 0, field="years_in_trade", label=_("从业年限"), low=0, high=60)
    campaign = quota.campaign
    _campaign_open(campaign)
    _check_nominee(campaign, quota, member, years)
    with transaction.atomic():
        quota = _lock_quotas(quota.pk)[quota.pk]
        if Nomination.objects.filter(campaign=campaign, member=member, status__in=LIVE_NOMINATION).exists():
            raise _duplicate()
        if quota.free < 1:
            raise ValidationError(_("本单位的推荐名额已用完。"), code="quota")
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    campaign=campaign,
                    quota=quota,
                    unit=quota.unit,
                    member=member,
                    deeds=deeds,
                    years_in_trade=years,
                    created_by=user,
                )
        except IntegrityError:
            raise _duplicate() from None
        CampaignQuota.objects.filter(pk=quota.pk).update(used=F("used") + 1)
        _event(nomination, "create", actor, "")
        audit_record(
            actor=actor,
            action="honors.nomination_create",
            target=nomination,
            target_repr=nomination_title(nomination),
            unit=quota.unit,
            data={"campaign": campaign.pk, "years_in_trade": years},
        )
    return nomination


def _lock(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "member", "unit", "quota", "review_case")
        .get(pk=nomination.pk)
    )


def nomination_update(*, actor: Actor, nomination: Nomination, deeds: str, years_in_trade: object) -> Nomination:
    """Edit the deeds and years of a draft or returned nomination."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=NOMINATE, unit=nomination.unit)
    deeds = _text(deeds, field="deeds", label=_("主要事迹"), limit=4000, required=True)
    years = _int(years_in_trade or 0, field="years_in_trade", label=_("从业年限"), low=0, high=60)
    with transaction.atomic():
        nomination = _lock(nomination)
        if nomination.status not in (S.DRAFT, S.RETURNED):
            raise ValidationError(_("推荐已提交，不能修改。"), code="stale")
        campaign = nomination.campaign
        if campaign.min_years_in_trade and years < campaign.min_years_in_trade:
            raise _invalid(
                "years_in_trade", _("本次评选要求从业不少于 %(n)d 年。") % {"n": campaign.min_years_in_trade}, "years"
            )
        nomination.deeds, nomination.years_in_trade = deeds, years
        nomination.save(update_fields=["deeds", "years_in_trade", "updated_at"])
        audit_record(
            actor=actor,
            action="honors.nomination_update",
            target=nomination,
            target_repr=nomination_title(nomination),
            unit=nomination.unit,
            data={"years_in_trade": years},
        )
    return nomination


def nomination_submit(*, actor: Actor, nomination: Nomination) -> Nomination:
    """Submit a draft (it enters the unit publicity) or resubmit a returned nomination (back to the step that
    returned it). Submitting twice moves it once."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=NOMINATE, unit=nomination.unit)
    with transaction.atomic():
        nomination = _lock(nomination)
        if nomination.status == S.DRAFT:
            _campaign_open(nomination.campaign)
            case = case_submit(
                actor=actor,
                process_code=process_code(nomination.campaign.level),
                unit=nomination.unit,
                subject=nomination,
                title=nomination_title(nomination),
            )
            before, _after = NOMINATION.move(nomination, "submit")
            nomination.review_case = case
        elif nomination.status == S.RETURNED and nomination.review_case is not None:
            _campaign_open(nomination.campaign, window=False)
            case_resubmit(actor=actor, case=nomination.review_case, expected_version=nomination.review_case.version)
            before, _after = NOMINATION.move(nomination, "resubmit")
        else:
            raise ValidationError(_("推荐已提交。"), code="stale")
        nomination.save(update_fields=["status", "review_case", "updated_at"])
        _event(nomination, "submit", actor, before)
        audit_record(
            actor=actor,
            action="honors.nomination_submit",
            target=nomination,
            target_repr=nomination_title(nomination),
            unit=nomination.unit,
            data={"case": nomination.review_case_id},
        )
    return nomination


def _free_place(nomination: Nomination) -> None:
    CampaignQuota.objects.filter(pk=nomination.quota_id).update(used=F("used") - 1)


def nomination_withdraw(*, actor: Actor, nomination: Nomination, reason: str = "") -> Nomination:
    """Withdraw a nomination that is not decided: its place returns to the union's quota. A submitted one is
    withdrawn from its review case (by whoever submitted it)."""
    access.require_action(actor, view_perm=VIEW_CAMPAIGNS, perm=NOMINATE, unit=nomination.unit)
    reason = _text(reason, field="reason", label=_("撤回原因"), limit=500)
    with transaction.atomic():
        nomination = _lock(nomination)
        case = nomination.review_case
        if nomination.status in (S.IN_REVIEW, S.RETURNED) and case is not None:
            # The review's outcome hook moves the nomination and frees the place.
            case_withdraw(actor=actor, case=case, expected_version=case.version, comment=reason)
            nomination.refresh_from_db()
            return nomination
        before, _after = NOMINATION.move(nomination, "withdraw")
        nomination.save(update_fields=["status", "updated_at"])
        _free_place(nomination)
        _event(nomination, "withdraw", actor, before, reason)
        audit_record(
            actor=actor,
            action="honors.nomination_withdraw",
            target=nomination,
            target_repr=nomination_title(nomination),
            unit=nomination.unit,
        )
    return nomination


OUTCOME_ACTION: dict[str, str] = {
    CaseStatus.APPROVED: "approve",
    CaseStatus.RETURNED: "return",
    CaseStatus.REJECTED: "reject",
    CaseStatus.WITHDRAWN: "withdraw",
}


def on_nomination_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """The review's outcome moves the nomination in the same transaction; a rejected or withdrawn one frees its
    place in the union's quota."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "member")
        .filter(pk=case.subject_id)
        .first()
    )
    action = OUTCOME_ACTION.get(case.status)
    if nomination is None or action is None:
        return
    before, after = NOMINATION.move(nomination, action)
    nomination.decision_note = event.comment
    nomination.save(update_fields=["status", "decision_note", "updated_at"])
    if after in (S.REJECTED, S.WITHDRAWN):
        _free_place(nomination)
    _event(nomination, action, event.actor, before, event.comment)
    audit_record(
        actor=event.actor,
        action="honors.nomination_decide",
        target=nomination,
        target_repr=nomination_title(nomination),
        unit=nomination.unit,
        data={"case": case.pk, "outcome": str(case.status)},
    )


# --- benefits -----------------------------------------------------------------------------------------------------


def benefit_plan_year(*, actor: Actor, unit: OrgUnit, year: object) -> int:
    """Plan ``year``'s check-up, visit and recuperation priority of every person holding a current title in
    ``unit``'s subtree (one set per person, on their highest title's record). Items already planned stay; returns
    the number added."""
    access.require_action(actor, view_perm=VIEW_HONOREES, perm=MANAGE_BENEFITS, unit=unit)
    user = access.require_user(actor)
    today = timezone.localdate()
    plan_year = _int(year, field="year", label=_("年度"), low=today.year - 1, high=today.year + 1)
    rank: dict[str, int] = {HonorLevel.NATIONAL: 0, HonorLevel.PROVINCIAL: 1, HonorLevel.CITY: 2}
    chosen: dict[int, Honoree] = {}
    for honoree in current_honorees(unit_path=unit.path).order_by("pk"):
        held = chosen.get(honoree.member_id)
        if held is None or rank.get(honoree.level, 9) < rank.get(held.level, 9):
            chosen[honoree.member_id] = honoree
    with transaction.atomic():
        have = set(
            Benefit.objects.filter(
                year=plan_year, kind__in=PLANNED_KINDS, honoree__member_id__in=list(chosen)
            ).values_list("honoree__member_id", "kind")
        )
        new = [
            Benefit(honoree=h, unit=h.unit, year=plan_year, kind=kind, recorded_by=user)
            for h in chosen.values()
            for kind in PLANNED_KINDS
            if (h.member_id, kind) not in have
        ]
        Benefit.objects.bulk_create(new, ignore_conflicts=True)
        audit_record(
            actor=actor,
            action="honors.benefit_plan",
            target=unit,
            target_repr=_("%(year)d 年度劳模待遇") % {"year": plan_year},
            unit=unit,
            data={"year": plan_year, "added": len(new), "people": len(chosen)},
        )
    return len(new)


def benefit_allowance_add(*, actor: Actor, honoree: Honoree, year: object, amount: object, note: str = "") -> Benefit:
    """A hardship allowance for ``honoree`` in ``year`` (one a year), at most ``honors.hardship_allowance_cap``."""
    access.require_action(actor, view_perm=VIEW_HONOREES, perm=MANAGE_BENEFITS, unit=honoree.unit)
    user = access.require_user(actor)
    today = timezone.localdate()
    plan_year = _int(year, field="year", label=_("年度"), low=today.year - 1, high=today.year + 1)
    if honoree.revoked_on is not None:
        raise ValidationError(_("这项荣誉已撤销。"), code="revoked")
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _invalid("amount", _("请填写金额。"), "amount") from None
    cap = policy_get("honors.hardship_allowance_cap", honoree.unit)
    if value <= 0 or value > cap.value:
        raise _invalid(
            "amount",
            _("补助金额须大于零且不超过 %(cap)s 元（%(rule)s）。") % {"cap": cap.value, "rule": cap.explain()},
            "cap",
        )
    note = _text(note, field="note", label=_("困难情况"), limit=300, required=True)
    with transaction.atomic():
        if Benefit.objects.filter(
            honoree__member_id=honoree.member_id, year=plan_year, kind=BenefitKind.ALLOWANCE
        ).exists():
            raise ValidationError(_("该劳模本年度已有帮扶补助。"), code="duplicate")
        try:
            with transaction.atomic():
                benefit = Benefit.objects.create(
                    honoree=honoree,
                    unit=honoree.unit,
                    year=plan_year,
                    kind=BenefitKind.ALLOWANCE,
                    amount=value,
                    amount_rule=cap.to_trace(),
                    note=note,
                    recorded_by=user,
                )
        except IntegrityError:
            raise ValidationError(_("该劳模本年度已有帮扶补助。"), code="duplicate") from None
        audit_record(
            actor=actor,
            action="honors.benefit_allowance_add",
            target=benefit,
            target_repr=f"{mask_name(honoree.member.name)} {benefit}",
            unit=honoree.unit,
            data={"year": plan_year, "amount": value},
        )
    return benefit


def _lock_benefit(benefit: Benefit) -> Benefit:
    return Benefit.objects.select_for_update(of=("self",)).select_related("honoree__member", "unit").get(pk=benefit.pk)


def benefit_done(*, actor: Actor, benefit: Benefit, on: date | None = None, note: str = "") -> Benefit:
    """Mark a planned check-up, visit or priority done (an allowance is done by its payment: :func:`benefit_pay`)."""
    access.require_action(actor, view_perm=VIEW_HONOREES, perm=MANAGE_BENEFITS, unit=benefit.unit)
    note = _text(note, field="note", label=_("备注"), limit=300)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise _invalid("on", _("落实日期不能晚于今天。"), "future")
    with transaction.atomic():
        benefit = _lock_benefit(benefit)
        if benefit.kind == BenefitKind.ALLOWANCE:
            raise ValidationError(_("帮扶补助经财务支付后即为已落实。"), code="allowance")
        before, _after = BENEFIT.move(benefit, "done")
        benefit.done_on = day
        if note:
            benefit.note = note
        benefit.save(update_fields=["status", "done_on", "note", "updated_at"])
        audit_record(
            actor=actor,
            action="honors.benefit_done",
            target=benefit,
            target_repr=f"{mask_name(benefit.honoree.member.name)} {benefit}",
            unit=benefit.unit,
            before={"status": before},
            after={"status": benefit.status, "on": day.isoformat()},
        )
    return benefit


def benefit_cancel(*, actor: Actor, benefit: Benefit, reason: str) -> Benefit:
    access.require_action(actor, view_perm=VIEW_HONOREES, perm=MANAGE_BENEFITS, unit=benefit.unit)
    reason = _text(reason, field="reason", label=_("取消原因"), limit=300, required=True)
    with transaction.atomic():
        benefit = _lock_benefit(benefit)
        before, _after = BENEFIT.move(benefit, "cancel")
        benefit.note = reason
        benefit.save(update_fields=["status", "note", "updated_at"])
        audit_record(
            actor=actor,
            action="honors.benefit_cancel",
            target=benefit,
            target_repr=f"{mask_name(benefit.honoree.member.name)} {benefit}",
            unit=benefit.unit,
            before={"status": before},
            after={"status": benefit.status},
        )
    return benefit


def benefit_pay(*, actor: Actor, benefit: Benefit) -> PaymentRequest:
    """Ask finance to pay a planned hardship allowance from the books at or above the honoree's union (idempotency
    key ``honors.benefit:<pk>``: asking twice pays once). The item is then done."""
    access.require_action(actor, view_perm=VIEW_HONOREES, perm=MANAGE_BENEFITS, unit=benefit.unit)
    with transaction.atomic():
        benefit = _lock_benefit(benefit)
        if benefit.kind != BenefitKind.ALLOWANCE:
            raise ValidationError(_("只有帮扶补助需要支付。"), code="kind")
        if benefit.status == BenefitStatus.CANCELLED:
            raise ValidationError(_("该补助已取消。"), code="stale")
        ledger = receiving_ledger(benefit.unit)
        if ledger is None:
            raise ValidationError(_("所在工会及其上级均未建账，无法申请支付。"), code="no_books")
        account = Account.objects.filter(ledger=ledger, code=BENEFIT_ACCOUNT, is_active=True).first()
        if account is None:
            raise ValidationError(_("付款工会账套中没有“职工服务支出”科目。"), code="account")
        member = benefit.honoree.member
        payment, created = payment_request(
            actor=access.require_user(actor),
            ledger=ledger,
            idempotency_key=benefit.source,
            source=benefit.source,
            purpose=f"困难劳模帮扶补助（{benefit.year}年）",
            amount=benefit.amount,
            expense_account=account,
            payee_name=member.name,
            payee_member=member,
            payee_user=User.objects.filter(pk=member.user_id).first() if member.user_id else None,
            authorized_by=MANAGE_BENEFITS,
        )
        if benefit.status == BenefitStatus.PLANNED:
            BENEFIT.move(benefit, "done")
            benefit.done_on = timezone.localdate()
            benefit.payment_key = benefit.source
            benefit.save(update_fields=["status", "done_on", "payment_key", "updated_at"])
        if created:
            audit_record(
                actor=actor,
                action="honors.benefit_pay",
                target=benefit,
                target_repr=f"{mask_name(member.name)} {benefit}",
                unit=benefit.unit,
                data={"payment": payment.pk, "amount": benefit.amount},
            )
    return payment
