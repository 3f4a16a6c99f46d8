"""Reads of mutual-aid plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.mutual_aid.models import BenefitKind, BenefitRule, Plan, PlanStatus, PlanTier, PlanVersion
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.orgs.models import OrgUnit


def version_on(plan: Plan, day: date) -> PlanVersion | None:
    """The plan's benefit rules in force on ``day``: the published version with the latest ``effective_from`` on or
    before it (ties: the higher number)."""
    return (
        PlanVersion.objects.filter(plan=plan, published=True, effective_from__lte=day)
        .order_by("-effective_from", "-number")
        .first()
    )


def rule_for(version: PlanVersion, tier_id: int, kind: str) -> BenefitRule | None:
    """The benefit rule of one tier and benefit in a version, or ``None`` when the tier has no such benefit."""
    return BenefitRule.objects.filter(version=version, tier_id=tier_id, kind=kind).first()


# --- staff reads --------------------------------------------------------------------------------------------------

STEP = 4  # treebeard's path step of ``OrgUnit``


def _ancestors(path: str) -> list[str]:
    return [path[: i * STEP] for i in range(1, len(path) // STEP + 1)]


def plan_scope_q(actor: Actor, perm: str = VIEW_MUTUAL_AID) -> Q:
    """Plans the actor may see: those issued in their subtree, and those of a federation above them (a plan is
    offered to the unions of its federation's subtree)."""
    paths = access.grant_paths(actor, perm)
    if not paths:
        return Q(pk__in=[])
    above = sorted({a for p in paths for a in _ancestors(p)})
    return access.subtree_q(paths, path_field="unit__path") | Q(unit__path__in=above)


def plan_list(*, actor: Actor, status: str = "", year: int | None = None) -> QuerySet[Plan]:
    access.require_anywhere(actor, VIEW_MUTUAL_AID)
    qs = Plan.objects.filter(plan_scope_q(actor))
    if status in PlanStatus.values:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("unit").annotate(tier_count=Count("tiers", distinct=True)).order_by("-year", "-pk")


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def plan_get(*, actor: Actor, plan_id: object) -> Plan:
    plan = Plan.objects.select_related("unit", "created_by").filter(pk=_as_int(plan_id)).first()
    if plan is None or not Plan.objects.filter(plan_scope_q(actor), pk=plan.pk).exists():
        raise access.NotVisible
    return plan


def version_get(*, plan: Plan, number: object) -> PlanVersion:
    version = PlanVersion.objects.filter(plan=plan, number=_as_int(number)).first()
    if version is None:
        raise access.NotVisible
    version.plan = plan
    return version


def plan_tiers(plan: Plan) -> list[PlanTier]:
    return list(PlanTier.objects.filter(plan=plan).order_by("order", "pk"))


def plan_versions(plan: Plan) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan=plan).select_related("created_by").annotate(rule_count=Count("rules")))


def version_rules(version: PlanVersion) -> list[BenefitRule]:
    rules = list(BenefitRule.objects.filter(version=version).select_related("tier"))
    order = {k: i for i, k in enumerate(BenefitKind.values)}
    rules.sort(key=lambda r: (r.tier.order, r.tier_id, order.get(r.kind, 99)))
    return rules


def plans_offered(unit: OrgUnit, *, on: date | None = None) -> QuerySet[Plan]:
    """Published plans a union may enrol in: issued by the union's own federation or one above it, whose period
    has not ended."""
    qs = Plan.objects.filter(unit__path__in=unit.ancestor_paths(), status=PlanStatus.PUBLISHED)
    if on is not None:
        qs = qs.filter(ends_on__gte=on)
    return qs.select_related("unit").order_by("-year", "pk")


# --- the version history, diff-friendly ---------------------------------------------------------------------------

RULE_FIELDS = (
    ("deductible", gettext_lazy("起付线")),
    ("bands", gettext_lazy("给付比例（分段）")),
    ("fixed_amount", gettext_lazy("定额给付")),
    ("per_event_cap", gettext_lazy("单次限额")),
    ("yearly_cap", gettext_lazy("年度限额")),
    ("waiting_days", gettext_lazy("首次参保等待期（天）")),
    ("illnesses", gettext_lazy("保障病种")),
    ("exclusions", gettext_lazy("除外项目")),
)


def rule_cells(rule: BenefitRule | None) -> dict[str, str]:
    """One rule's fields as plain text (the same text in every version, so that a change is a changed cell)."""
    if rule is None:
        return {name: "" for name, _label in RULE_FIELDS}
    return {
        "deductible": f"{rule.deductible:,.2f}",
        "bands": "; ".join(f"≥{Decimal(b['from']):,.0f}: {Decimal(b['rate']) * 100:.0f}%" for b in rule.bands or []),
        "fixed_amount": f"{rule.fixed_amount:,.2f}" if rule.fixed_amount is not None else "",
        "per_event_cap": f"{rule.per_event_cap:,.2f}" if rule.per_event_cap is not None else "",
        "yearly_cap": f"{rule.yearly_cap:,.2f}" if rule.yearly_cap is not None else "",
        "waiting_days": str(rule.waiting_days),
        "illnesses": "、".join(f"{i['code']} {i['name']}".strip() for i in rule.illnesses or []),
        "exclusions": "、".join(rule.exclusions or []),
    }


@dataclass(frozen=True)
class DiffRow:
    tier: str
    kind: str
    field: str
    before: str
    after: str


def version_diff(before: PlanVersion | None, after: PlanVersion) -> list[DiffRow]:
    """What changed from ``before`` to ``after``, one row per changed field of a tier's benefit (a benefit added or
    removed shows every field against blanks). Two queries."""
    old = {(r.tier_id, r.kind): r for r in (version_rules(before) if before else [])}
    new = {(r.tier_id, r.kind): r for r in version_rules(after)}
    tiers = {t.pk: t for t in PlanTier.objects.filter(plan_id=after.plan_id)}
    kinds = dict(BenefitKind.choices)
    labels = dict(RULE_FIELDS)
    rows: list[DiffRow] = []
    order = {k: i for i, k in enumerate(BenefitKind.values)}
    keys = sorted(set(old) | set(new), key=lambda k: (tiers[k[0]].order if k[0] in tiers else 0, order.get(k[1], 9)))
    for key in keys:
        a, b = rule_cells(old.get(key)), rule_cells(new.get(key))
        tier = tiers.get(key[0])
        for name, _label in RULE_FIELDS:
            if a[name] != b[name]:
                rows.append(
                    DiffRow(
                        tier=tier.name if tier else "",
                        kind=str(kinds.get(key[1], key[1])),
                        field=str(labels[name]),
                        before=a[name],
                        after=b[name],
                    )
                )
    return rows


def previous_version(version: PlanVersion) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan_id=version.plan_id, number__lt=version.number).order_by("-number").first()
