"""Console pages of mutual-aid plans: the list, a new plan, a plan's page (tiers, versions, publish), a version's
page (rules by tier and benefit, what changed from the previous version, publish) and the form of one rule."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.mutual_aid.models import BenefitKind, BenefitRule, PlanStatus
from gonghui.mutual_aid.permissions import MANAGE_PLANS, VIEW_MUTUAL_AID
from gonghui.mutual_aid.plans import selectors, services
from gonghui.mutual_aid.plans.bands import band_text
from gonghui.mutual_aid.plans.forms import PlanForm, RuleForm, VersionForm
from gonghui.orgs.models import UnitKind

SORTS = {"-year": "-year", "year": "year", "name": "name"}


def _federations(request: HttpRequest) -> list[tuple[int, str]]:
    units = access.units(request.user, MANAGE_PLANS).filter(kind=UnitKind.FEDERATION).order_by("path")[:300]
    return [(u.pk, u.name) for u in units]


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    year = int_param(request.GET.get("year") or "", min_value=2000, max_value=2100)
    status = request.GET.get("status", "")
    qs = selectors.plan_list(actor=request.user, status=status, year=year)
    listing = paginate(request, qs, sorts=SORTS, default_sort="-year")
    return render(
        request,
        "mutual_aid/plans/list.html",
        {
            "listing": listing,
            "status": status,
            "year": year,
            "statuses": PlanStatus.choices,
            "can_create": access.check_anywhere(request.user, MANAGE_PLANS),
        },
    )


@staff_required
def plan_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_PLANS)
    units = _federations(request)
    form = PlanForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = access.units(request.user, MANAGE_PLANS).filter(pk=int_param(data.pop("unit"), min_value=1)).first()
        if unit is None:
            form.add_error("unit", _("请选择您可以制定计划的工会。"))
        else:
            done = attempt(
                request,
                lambda: services.plan_create(actor=request.user, unit=unit, **data),
                form=form,
                success=_("计划已建立，请设置各档次的给付规则后发布。"),
            )
            if done and done.value is not None:
                return redirect("mutual_aid:plan_detail", plan_id=done.value.pk)
    return render(request, "mutual_aid/plans/form.html", {"form": form, "plan": None})


@staff_required
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    access.require_action(request.user, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_PLANS, unit=plan.unit)
    tiers = selectors.plan_tiers(plan)
    initial = {
        "name": plan.name,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "family_cover": plan.family_cover,
        "description": plan.description,
        "tiers": "\n".join(f"{t.code} {t.name} {t.fee}" for t in tiers),
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.plan_update(actor=request.user, plan=plan, **form.cleaned_data),
            form=form,
            success=_("计划已保存。"),
        )
        if done:
            return redirect("mutual_aid:plan_detail", plan_id=plan.pk)
    return render(request, "mutual_aid/plans/form.html", {"form": form, "plan": plan})


@staff_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    can_manage = access.check(request.user, MANAGE_PLANS, plan.unit)
    versions = selectors.plan_versions(plan)
    return render(
        request,
        "mutual_aid/plans/detail.html",
        {
            "plan": plan,
            "tiers": selectors.plan_tiers(plan),
            "versions": versions,
            "can_manage": can_manage,
            "version_form": VersionForm(),
            "has_draft": any(not v.published for v in versions),
        },
    )


@staff_required
@require_POST
def plan_action(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    action = request.POST.get("action", "")
    if action == "publish":
        attempt(request, lambda: services.plan_publish(actor=request.user, plan=plan), success=_("计划已发布。"))
    elif action == "close":
        attempt(request, lambda: services.plan_close(actor=request.user, plan=plan), success=_("计划已结束。"))
    elif action == "version":
        form = VersionForm(request.POST)
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.version_create(actor=request.user, plan=plan, **form.cleaned_data),
                success=_("已新建规则版本，请修改规则后发布。"),
            )
            if done and done.value is not None:
                return redirect("mutual_aid:version_detail", plan_id=plan.pk, number=done.value.number)
        else:
            attempt(request, lambda: _invalid(form))
    else:
        access.require_action(request.user, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_PLANS, unit=plan.unit)
    return redirect("mutual_aid:plan_detail", plan_id=plan.pk)


def _invalid(form: VersionForm | RuleForm) -> None:
    from django.core.exceptions import ValidationError

    raise ValidationError([f"{form.fields[k].label}：{' '.join(map(str, v))}" for k, v in form.errors.items()])


@staff_required
def version_detail(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    version = selectors.version_get(plan=plan, number=number)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "publish":
            attempt(
                request,
                lambda: services.version_publish(actor=request.user, version=version),
                success=_("规则版本已发布。"),
            )
        elif action == "delete":
            done = attempt(
                request,
                lambda: services.version_delete(actor=request.user, version=version),
                success=_("规则版本已删除。"),
            )
            if done:
                return redirect("mutual_aid:plan_detail", plan_id=plan.pk)
        elif action == "remove":
            rule_id = int_param(request.POST.get("rule"), min_value=1) or 0
            attempt(
                request,
                lambda: services.rule_remove(actor=request.user, version=version, rule_id=rule_id),
                success=_("已删除该项给付规则。"),
            )
        else:
            access.require_action(request.user, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_PLANS, unit=plan.unit)
        return redirect("mutual_aid:version_detail", plan_id=plan.pk, number=version.number)
    rules = selectors.version_rules(version)
    tiers = selectors.plan_tiers(plan)
    have = {(r.tier_id, r.kind) for r in rules}
    previous = selectors.previous_version(version)
    return render(
        request,
        "mutual_aid/plans/version.html",
        {
            "plan": plan,
            "version": version,
            "rows": [(r, selectors.rule_cells(r)) for r in rules],
            "fields": selectors.RULE_FIELDS,
            "missing": [(t, k, label) for t in tiers for k, label in BenefitKind.choices if (t.pk, k) not in have],
            "previous": previous,
            "diff": selectors.version_diff(previous, version) if previous else [],
            "editable": not version.published and access.check(request.user, MANAGE_PLANS, plan.unit),
        },
    )


@staff_required
def rule_edit(request: HttpRequest, plan_id: int, number: int, tier_id: int, kind: str) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    version = selectors.version_get(plan=plan, number=number)
    tier = next((t for t in selectors.plan_tiers(plan) if t.pk == tier_id), None)
    if tier is None or kind not in BenefitKind.values:
        raise access.NotVisible
    access.require_action(request.user, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_PLANS, unit=plan.unit)
    rule = BenefitRule.objects.filter(version=version, tier=tier, kind=kind).first()
    initial = {}
    if rule is not None:
        initial = {
            "deductible": rule.deductible,
            "bands": band_text(rule.bands),
            "fixed_amount": rule.fixed_amount,
            "per_event_cap": rule.per_event_cap,
            "yearly_cap": rule.yearly_cap,
            "waiting_days": rule.waiting_days,
            "illnesses": "\n".join(f"{i['code']} {i['name']}".strip() for i in rule.illnesses or []),
            "exclusions": "\n".join(rule.exclusions or []),
        }
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.RuleInput(**form.cleaned_data)
        done = attempt(
            request,
            lambda: services.rule_set(actor=request.user, version=version, tier=tier, kind=kind, rule=data),
            form=form,
            success=_("给付规则已保存。"),
        )
        if done:
            return redirect("mutual_aid:version_detail", plan_id=plan.pk, number=version.number)
    return render(
        request,
        "mutual_aid/plans/rule.html",
        {"plan": plan, "version": version, "tier": tier, "kind_label": BenefitKind(kind).label, "form": form},
    )
