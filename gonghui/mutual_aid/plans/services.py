"""Mutual-aid plans (互助保障计划): a federation's plan year, its tiers and its benefit rules as versioned data.

A plan is created as a draft with its tiers and a first draft version of the rules (effective on the first day of
the period). Rules are edited only in a draft version; publishing a version freezes it for good (a claim computed
by it must always find the same figures). A change of the rules is a new draft version, copied from the latest one,
with its own effective date; the version in force on a day is the published one with the latest date on or before
it (``selectors.version_on``). The plan is published once its first version is; then its tiers' fees are fixed
(enrolments are priced on them). All by a holder of ``mutual_aid.manage_plans`` at the issuing federation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import money
from gonghui.mutual_aid.models import BenefitKind, BenefitRule, Plan, PlanStatus, PlanTier, PlanVersion
from gonghui.mutual_aid.permissions import MANAGE_PLANS, VIEW_MUTUAL_AID
from gonghui.mutual_aid.plans.bands import parse_bands
from gonghui.orgs.models import OrgUnit, UnitKind

MAX_TIERS = 6
MAX_LIST = 200  # illnesses or exclusions of one rule
# Benefits whose rule names the illnesses it covers (an empty list covers any).
ILLNESS_KINDS = (BenefitKind.OUTPATIENT, BenefitKind.CRITICAL)


@dataclass(frozen=True)
class TierInput:
    code: str
    name: str
    fee: object


@dataclass(frozen=True)
class RuleInput:
    deductible: object = "0"
    bands: Any = None  # [{"from": "0", "rate": "0.5"}, ...]; empty with a fixed amount
    fixed_amount: object = None
    per_event_cap: object = None
    yearly_cap: object = None
    waiting_days: int = 0
    illnesses: Any = None  # [{"code": "...", "name": "..."}] or "code 名称" lines
    exclusions: Any = None  # ["自费药品", ...] or lines


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_PLANS, unit=unit)


def _text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _stale(plan_or_version: str) -> ValidationError:
    return ValidationError(plan_or_version, code="stale")


def _clean_period(year: int, starts_on: date, ends_on: date) -> None:
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("保障年度须在 2000 至 2100 之间。")}, code="year")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("保障期结束不能早于开始。")}, code="dates")
    if (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": _("一个计划的保障期不超过一年。")}, code="dates")


def _clean_tiers(tiers: list[TierInput]) -> list[tuple[str, str, Decimal]]:
    if not tiers:
        raise ValidationError({"tiers": _("至少设置一个保障档次。")}, code="tiers")
    if len(tiers) > MAX_TIERS:
        raise ValidationError({"tiers": _("最多 %(n)d 个档次。") % {"n": MAX_TIERS}}, code="tiers")
    cleaned: list[tuple[str, str, Decimal]] = []
    for tier in tiers:
        code = "".join((tier.code or "").split()).upper()
        if not code or len(code) > 16 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
            raise ValidationError({"tiers": _("档次代码须为 1 至 16 位字母、数字、- 或 _。")}, code="tier_code")
        name = _text(tier.name, field="tiers", label=_("档次名称"), limit=40, required=True)
        fee = money(tier.fee, field="tiers")
        if fee <= 0 or fee > Decimal("100000"):
            raise ValidationError({"tiers": _("每人每年会费须大于 0 且不超过 100000 元。")}, code="tier_fee")
        if code in {c for c, _n, _f in cleaned}:
            raise ValidationError({"tiers": _("档次代码“%(code)s”重复。") % {"code": code}}, code="tier_code")
        cleaned.append((code, name, fee))
    return cleaned


def _next_code(unit: OrgUnit, year: int) -> str:
    prefix = f"HZ{year}-{unit.pk}-"
    taken = Plan.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{taken + 1}"


def plan_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    name: str,
    year: int,
    starts_on: date,
    ends_on: date,
    tiers: list[TierInput],
    family_cover: bool = False,
    description: str = "",
) -> Plan:
    """A draft plan of the federation ``unit`` with its tiers and a first draft version of the rules (effective on
    the first day of the period, no rules yet)."""
    _require_manage(actor, unit)
    user = access.require_user(actor)
    if unit.kind != UnitKind.FEDERATION:
        raise ValidationError(_("互助保障计划由省、市等地方总工会制定。"), code="unit_kind")
    name = _text(name, field="name", label=_("计划名称"), limit=120, required=True)
    description = (description or "").replace("\x00", "").strip()[:4000]
    _clean_period(year, starts_on, ends_on)
    cleaned = _clean_tiers(tiers)
    with transaction.atomic():
        plan = Plan.objects.create(
            unit=unit,
            code=_next_code(unit, int(year)),
            name=name,
            year=int(year),
            starts_on=starts_on,
            ends_on=ends_on,
            family_cover=bool(family_cover),
            description=description,
            created_by=user,
        )
        PlanTier.objects.bulk_create(
            [PlanTier(plan=plan, code=c, name=n, fee=f, order=i) for i, (c, n, f) in enumerate(cleaned)]
        )
        PlanVersion.objects.create(plan=plan, number=1, effective_from=starts_on, created_by=user)
        audit_record(
            actor=actor,
            action="mutual_aid.plan_create",
            target=plan,
            target_repr=plan.name,
            unit=unit,
            data={"year": plan.year, "tiers": [[c, str(f)] for c, _n, f in cleaned]},
        )
    return plan


def _lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)


def plan_update(
    *,
    actor: Actor,
    plan: Plan,
    name: str,
    starts_on: date,
    ends_on: date,
    tiers: list[TierInput],
    family_cover: bool = False,
    description: str = "",
) -> Plan:
    """Change a draft plan: its name, period, tiers (matched by code; a tier with rules is kept) and family cover.
    A published plan is never changed (enrolments were priced on it)."""
    _require_manage(actor, plan.unit)
    name = _text(name, field="name", label=_("计划名称"), limit=120, required=True)
    description = (description or "").replace("\x00", "").strip()[:4000]
    _clean_period(plan.year, starts_on, ends_on)
    cleaned = _clean_tiers(tiers)
    with transaction.atomic():
        plan = _lock_plan(plan)
        if plan.status != PlanStatus.DRAFT:
            raise _stale(_("计划已发布，不能再修改；给付规则的调整请新建规则版本。"))
        plan.name, plan.starts_on, plan.ends_on = name, starts_on, ends_on
        plan.family_cover, plan.description = bool(family_cover), description
        plan.save()
        existing = {t.code: t for t in PlanTier.objects.filter(plan=plan)}
        codes = {c for c, _n, _f in cleaned}
        for code, tier in existing.items():
            if code not in codes:
                if BenefitRule.objects.filter(tier=tier).exists():
                    raise ValidationError(
                        {"tiers": _("档次“%(name)s”已设置给付规则，不能删除。") % {"name": tier.name}}, code="tier_used"
                    )
                tier.delete()
        for order, (code, tier_name, fee) in enumerate(cleaned):
            PlanTier.objects.update_or_create(
                plan=plan, code=code, defaults={"name": tier_name, "fee": fee, "order": order}
            )
        PlanVersion.objects.filter(plan=plan, number=1, published=False).update(effective_from=starts_on)
        audit_record(
            actor=actor,
            action="mutual_aid.plan_update",
            target=plan,
            target_repr=plan.name,
            unit=plan.unit,
            data={"tiers": [[c, str(f)] for c, _n, f in cleaned]},
        )
    return plan


# --- rules --------------------------------------------------------------------------------------------------------


def _optional_money(value: object, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    amount = money(value, field=field)
    if amount < 0:
        raise ValidationError({field: _("金额不能为负数。")}, code="amount")
    return amount


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.replace("\x00", "").splitlines() if line.strip()]
    if isinstance(value, list):
        return [str(v).replace("\x00", "").strip() for v in value if str(v).strip()]
    raise ValidationError(_("清单格式不正确。"), code="list")


def parse_illnesses(value: Any) -> list[dict[str, str]]:
    """``[{"code", "name"}]`` from a list of such, or from lines "code 名称" (a line without a space is a code)."""
    found: list[dict[str, str]] = []
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        items = [(str(v.get("code", "")).strip(), str(v.get("name", "")).strip()) for v in value]
    else:
        items = []
        for line in _lines(value):
            code, _sep, name = line.partition(" ")
            items.append((code.strip(), name.strip()))
    seen: set[str] = set()
    for code, name in items:
        if not code or len(code) > 32 or len(name) > 80:
            raise ValidationError(
                {"illnesses": _("病种须写成“代码 名称”，代码不超过 32 位、名称不超过 80 字。")}, code="illnesses"
            )
        if code in seen:
            raise ValidationError({"illnesses": _("病种代码“%(code)s”重复。") % {"code": code}}, code="illnesses")
        seen.add(code)
        found.append({"code": code, "name": name})
    if len(found) > MAX_LIST:
        raise ValidationError({"illnesses": _("病种最多 %(n)d 个。") % {"n": MAX_LIST}}, code="illnesses")
    return found


def clean_rule(kind: str, data: RuleInput) -> dict[str, Any]:
    """The fields of one benefit rule, checked: amounts not negative, bands as the relief policy's bands (or none
    with a fixed amount), per-event cap not above the yearly cap, a waiting period of at most a year."""
    if kind not in BenefitKind.values:
        raise ValidationError({"kind": _("未知的保障责任。")}, code="kind")
    deductible = _optional_money(data.deductible, "deductible") or Decimal("0.00")
    fixed = _optional_money(data.fixed_amount, "fixed_amount")
    per_event = _optional_money(data.per_event_cap, "per_event_cap")
    yearly = _optional_money(data.yearly_cap, "yearly_cap")
    raw_bands = data.bands if data.bands not in (None, "", []) else None
    if raw_bands is None and fixed is None:
        raise ValidationError({"bands": _("请填写给付比例（分段），或填写定额给付金额。")}, code="bands")
    if raw_bands is not None and fixed is not None:
        raise ValidationError({"bands": _("给付比例与定额给付只能填写一种。")}, code="bands")
    bands: list[dict[str, str]] = []
    if raw_bands is not None:
        try:
            parsed = parse_bands(raw_bands)
        except ValidationError as exc:
            raise ValidationError({"bands": exc.messages}, code="bands") from None
        bands = [{"from": f"{start:f}", "rate": f"{rate.normalize():f}"} for start, rate in parsed]
    if per_event is not None and yearly is not None and per_event > yearly:
        raise ValidationError({"per_event_cap": _("单次限额不能高于年度限额。")}, code="caps")
    if fixed is not None and yearly is not None and fixed > yearly:
        raise ValidationError({"fixed_amount": _("定额给付不能高于年度限额。")}, code="caps")
    try:
        waiting = int(data.waiting_days or 0)
    except (TypeError, ValueError):
        raise ValidationError({"waiting_days": _("等待期须为天数。")}, code="waiting") from None
    if not 0 <= waiting <= 366:
        raise ValidationError({"waiting_days": _("等待期须在 0 至 366 天之间。")}, code="waiting")
    illnesses = parse_illnesses(data.illnesses) if kind in ILLNESS_KINDS else []
    exclusions = _lines(data.exclusions)
    if len(exclusions) > MAX_LIST or any(len(e) > 80 for e in exclusions):
        raise ValidationError({"exclusions": _("除外项目最多 200 项，每项不超过 80 字。")}, code="exclusions")
    return {
        "deductible": deductible,
        "bands": bands,
        "fixed_amount": fixed,
        "per_event_cap": per_event,
        "yearly_cap": yearly,
        "waiting_days": waiting,
        "illnesses": illnesses,
        "exclusions": list(dict.fromkeys(exclusions)),
    }


def _lock_version(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_for_update().select_related("plan__unit").get(pk=version.pk)


def _version_label(version: PlanVersion) -> str:
    return f"{version.plan.name} v{version.number}"


def rule_set(*, actor: Actor, version: PlanVersion, tier: PlanTier, kind: str, rule: RuleInput) -> BenefitRule:
    """Set one benefit of one tier in a draft version (created or replaced). A published version is never edited."""
    _require_manage(actor, version.plan.unit)
    if tier.plan_id != version.plan_id:
        raise access.NotVisible()
    fields = clean_rule(kind, rule)
    with transaction.atomic():
        version = _lock_version(version)
        if version.published:
            raise _stale(_("该版本已发布，不能修改；请新建规则版本。"))
        row, created = BenefitRule.objects.update_or_create(version=version, tier=tier, kind=kind, defaults=fields)
        audit_record(
            actor=actor,
            action="mutual_aid.rule_set",
            target=version,
            target_repr=_version_label(version),
            unit=version.plan.unit,
            data={"tier": tier.code, "kind": kind, "created": created, "bands": fields["bands"]},
        )
    return row


def rule_remove(*, actor: Actor, version: PlanVersion, rule_id: int) -> None:
    """Take one benefit out of a draft version."""
    _require_manage(actor, version.plan.unit)
    with transaction.atomic():
        version = _lock_version(version)
        if version.published:
            raise _stale(_("该版本已发布，不能修改；请新建规则版本。"))
        deleted, _rows = BenefitRule.objects.filter(version=version, pk=rule_id).delete()
        if not deleted:
            raise access.NotVisible()
        audit_record(
            actor=actor,
            action="mutual_aid.rule_remove",
            target=version,
            target_repr=_version_label(version),
            unit=version.plan.unit,
            data={"rule": rule_id},
        )


def version_create(*, actor: Actor, plan: Plan, effective_from: date, note: str = "") -> PlanVersion:
    """A new draft version of a published plan's rules, copied from the latest version, effective from a day in
    the period after the latest published version's date. One draft at a time."""
    _require_manage(actor, plan.unit)
    user = access.require_user(actor)
    note = _text(note, field="note", label=_("修订说明"), limit=500, required=True)
    with transaction.atomic():
        plan = _lock_plan(plan)
        if plan.status != PlanStatus.PUBLISHED:
            raise _stale(_("只有已发布的计划可以新建规则版本（草稿计划直接修改第 1 版）。"))
        if PlanVersion.objects.filter(plan=plan, published=False).exists():
            raise _stale(_("已有一个未发布的规则版本，请先发布或修改它。"))
        latest = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        assert latest is not None
        if not plan.starts_on <= effective_from <= plan.ends_on:
            raise ValidationError({"effective_from": _("生效日期须在保障期内。")}, code="effective_from")
        if effective_from <= latest.effective_from:
            raise ValidationError(
                {"effective_from": _("生效日期须晚于上一版本的生效日期（%(day)s）。") % {"day": latest.effective_from}},
                code="effective_from",
            )
        version = PlanVersion.objects.create(
            plan=plan, number=latest.number + 1, effective_from=effective_from, note=note, created_by=user
        )
        BenefitRule.objects.bulk_create(
            [
                BenefitRule(
                    version=version,
                    tier_id=r.tier_id,
                    kind=r.kind,
                    deductible=r.deductible,
                    bands=r.bands,
                    fixed_amount=r.fixed_amount,
                    per_event_cap=r.per_event_cap,
                    yearly_cap=r.yearly_cap,
                    waiting_days=r.waiting_days,
                    illnesses=r.illnesses,
                    exclusions=r.exclusions,
                )
                for r in BenefitRule.objects.filter(version=latest)
            ]
        )
        audit_record(
            actor=actor,
            action="mutual_aid.version_create",
            target=version,
            target_repr=_version_label(version),
            unit=plan.unit,
            data={"number": version.number, "effective_from": effective_from.isoformat()},
        )
    return version


def _check_complete(version: PlanVersion) -> None:
    tiers = list(PlanTier.objects.filter(plan_id=version.plan_id))
    with_rules = set(BenefitRule.objects.filter(version=version).values_list("tier_id", flat=True))
    missing = [t.name for t in tiers if t.pk not in with_rules]
    if missing:
        raise ValidationError(
            _("以下档次还没有任何给付规则：%(tiers)s。") % {"tiers": "、".join(missing)}, code="incomplete"
        )


def version_publish(*, actor: Actor, version: PlanVersion) -> PlanVersion:
    """Publish a draft version of a published plan: from its effective date claims are computed by it; it is never
    edited again. (A draft plan's first version is published with the plan.)"""
    _require_manage(actor, version.plan.unit)
    with transaction.atomic():
        version = _lock_version(version)
        if version.published:
            return version
        if version.plan.status != PlanStatus.PUBLISHED:
            raise _stale(_("请先发布计划（第 1 版随计划一并发布）。"))
        _check_complete(version)
        version.published = True
        version.save(update_fields=["published"])
        audit_record(
            actor=actor,
            action="mutual_aid.version_publish",
            target=version,
            target_repr=_version_label(version),
            unit=version.plan.unit,
            data={"number": version.number, "effective_from": version.effective_from.isoformat()},
        )
    return version


def plan_publish(*, actor: Actor, plan: Plan) -> Plan:
    """Publish a draft plan with its first version: every tier has at least one benefit rule. From now on the plan
    is offered to the unions of the federation's subtree and its fees are fixed."""
    _require_manage(actor, plan.unit)
    with transaction.atomic():
        plan = _lock_plan(plan)
        if plan.status == PlanStatus.PUBLISHED:
            return plan
        if plan.status != PlanStatus.DRAFT:
            raise _stale(_("计划已结束。"))
        first = PlanVersion.objects.select_for_update().filter(plan=plan, number=1).first()
        if first is None:  # pragma: no cover - created with the plan
            raise _stale(_("计划缺少第 1 版给付规则。"))
        _check_complete(first)
        first.published = True
        first.save(update_fields=["published"])
        plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
        plan.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, action="mutual_aid.plan_publish", target=plan, target_repr=plan.name, unit=plan.unit)
    return plan


def plan_close(*, actor: Actor, plan: Plan) -> Plan:
    """Close a published plan whose period has ended (cover stays readable for claims of its period)."""
    _require_manage(actor, plan.unit)
    with transaction.atomic():
        plan = _lock_plan(plan)
        if plan.status != PlanStatus.PUBLISHED:
            raise _stale(_("只有已发布的计划可以结束。"))
        if plan.ends_on >= timezone.localdate():
            raise ValidationError(_("保障期尚未结束，不能结束计划。"), code="not_ended")
        plan.status = PlanStatus.CLOSED
        plan.save(update_fields=["status"])
        audit_record(actor=actor, action="mutual_aid.plan_close", target=plan, target_repr=plan.name, unit=plan.unit)
    return plan


def version_delete(*, actor: Actor, version: PlanVersion) -> None:
    """Drop a draft version (not the first)."""
    _require_manage(actor, version.plan.unit)
    with transaction.atomic():
        version = _lock_version(version)
        if version.published or version.number == 1:
            raise _stale(_("已发布的版本和第 1 版不能删除。"))
        try:
            version.delete()
        except IntegrityError:  # pragma: no cover - nothing refers to a draft
            raise _stale(_("该版本已被引用，不能删除。")) from None
        audit_record(
            actor=actor,
            action="mutual_aid.version_delete",
            target_type="mutual_aid.planversion",
            target_repr=_version_label(version),
            unit=version.plan.unit,
        )
