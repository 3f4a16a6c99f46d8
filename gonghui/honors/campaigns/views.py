"""Console pages of nomination campaigns: the list, a new campaign, a campaign's page (rule, quotas with allot and
hand-back, nominations, award, masked ``.xlsx``), a nomination (deeds, files, submit, withdraw, its review's
history) and the benefits of honorees (plan a year, allowances, done, pay)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XLSX_TYPE, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.honors.campaigns import attachments, selectors, services
from gonghui.honors.campaigns.forms import (
    AllotForm,
    AllowanceForm,
    AttachForm,
    CampaignForm,
    DoneForm,
    NominationEditForm,
    NominationForm,
    PlacesForm,
    PlanForm,
    ReasonForm,
)
from gonghui.honors.models import (
    BenefitKind,
    BenefitStatus,
    CampaignStatus,
    Honoree,
    NominationStatus,
)
from gonghui.honors.permissions import (
    MANAGE_BENEFITS,
    MANAGE_CAMPAIGNS,
    NOMINATE,
    VIEW_CAMPAIGNS,
    VIEW_HONOREES,
)
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.picker import unit_filter


def _year(request: HttpRequest) -> int | None:
    return int_param(request.GET.get("year") or "", min_value=2000, max_value=2100)


@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CAMPAIGNS)
    status = request.GET.get("status", "")
    qs = selectors.campaign_list(actor=request.user, year=_year(request), status=status)
    listing = paginate(request, qs)
    return render(
        request,
        "honors/campaigns/list.html",
        {
            "listing": listing,
            "status": status,
            "year": _year(request),
            "statuses": CampaignStatus.choices,
            "can_manage": access.check_anywhere(request.user, MANAGE_CAMPAIGNS),
        },
    )


@staff_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_CAMPAIGNS)
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, actor=request.user, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        done = attempt(
            request,
            lambda: services.campaign_create(actor=request.user, unit=unit, data=services.CampaignInput(**data)),
            form=form,
            success=_("评选已建立。"),
        )
        if done and done.value is not None:
            return redirect("honors:campaign_detail", honor_campaign_id=done.value.pk)
    return render(request, "honors/campaigns/new.html", {"form": form})


@staff_required
def campaign_detail(request: HttpRequest, honor_campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, campaign_id=honor_campaign_id)
    status = request.GET.get("status", "")
    quotas = selectors.quota_list(actor=request.user, campaign=campaign)
    nominations = paginate(request, selectors.nomination_list(actor=request.user, campaign=campaign, status=status))
    actor = request.user
    for quota in quotas:
        quota.can_manage = access.check(actor, MANAGE_CAMPAIGNS, quota.unit)  # type: ignore[attr-defined]
        quota.can_nominate = access.check(actor, NOMINATE, quota.unit)  # type: ignore[attr-defined]
    return render(
        request,
        "honors/campaigns/detail.html",
        {
            "campaign": campaign,
            "quotas": quotas,
            "nominations": nominations,
            "status": status,
            "statuses": NominationStatus.choices,
            "counts": selectors.counts_by_status(campaign, actor),
            "can_award": campaign.status == CampaignStatus.OPEN
            and access.check(actor, MANAGE_CAMPAIGNS, campaign.unit),
            "open": campaign.status == CampaignStatus.OPEN,
            "places_form": PlacesForm(),
        },
    )


@staff_required
@require_GET
def campaign_export(request: HttpRequest, honor_campaign_id: int) -> HttpResponse:
    """The campaign's nominations in the actor's scope as ``.xlsx``: names masked (audited)."""
    campaign = selectors.campaign_get(actor=request.user, campaign_id=honor_campaign_id)
    rows = list(selectors.nomination_list(actor=request.user, campaign=campaign)[:20000])
    book = XlsxWriter(title=campaign.name)
    sheet = book.sheet(_("推荐对象"), widths=(10, 30, 10, 16, 14))
    sheet.row([_("姓名"), _("推荐工会"), _("从业年限（年）"), _("状态"), _("证书编号")], bold=True)
    for n in rows:
        sheet.row(
            [
                mask_name(n.member.name),
                n.unit.name,
                n.years_in_trade,
                n.get_status_display(),
                n.honoree.certificate_no if n.honoree_id and n.honoree else "",
            ]
        )
    services.nomination_export_record(actor=request.user, campaign=campaign, rows=len(rows))
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="nominations.xlsx"'
    return response


@staff_required
@require_POST
def campaign_award(request: HttpRequest, honor_campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, campaign_id=honor_campaign_id)
    attempt(
        request,
        lambda: services.campaign_award(actor=request.user, campaign=campaign),
        success=lambda n: _("已授予 %(n)d 人，荣誉已记入劳模工匠名录。") % {"n": n},
    )
    return redirect("honors:campaign_detail", honor_campaign_id=campaign.pk)


@staff_required
def quota_allot(request: HttpRequest, honor_quota_id: int) -> HttpResponse:
    quota = selectors.quota_get(actor=request.user, quota_id=honor_quota_id)
    access.require_action(request.user, view_perm=VIEW_CAMPAIGNS, perm=MANAGE_CAMPAIGNS, unit=quota.unit)
    form = AllotForm(request.POST or None, actor=request.user, within=quota.unit)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.quota_allot(
                actor=request.user, source=quota, unit=form.cleaned_data["unit"], places=form.cleaned_data["places"]
            ),
            form=form,
            success=_("名额已分配。"),
        )
        if done.ok:
            return redirect("honors:campaign_detail", honor_campaign_id=quota.campaign_id)
    return render(request, "honors/campaigns/allot.html", {"quota": quota, "form": form})


@staff_required
@require_POST
def quota_hand_back(request: HttpRequest, honor_quota_id: int) -> HttpResponse:
    quota = selectors.quota_get(actor=request.user, quota_id=honor_quota_id)
    form = PlacesForm(request.POST)
    places = form.cleaned_data["places"] if form.is_valid() else 0
    attempt(
        request,
        lambda: services.quota_hand_back(actor=request.user, quota=quota, places=places),
        success=_("名额已退回。"),
    )
    return redirect("honors:campaign_detail", honor_campaign_id=quota.campaign_id)


@staff_required
def nomination_new(request: HttpRequest, honor_quota_id: int) -> HttpResponse:
    quota = selectors.quota_get(actor=request.user, quota_id=honor_quota_id)
    access.require_action(request.user, view_perm=VIEW_CAMPAIGNS, perm=NOMINATE, unit=quota.unit)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = selectors.nominee_find(actor=request.user, perm=NOMINATE, key=data.pop("member_no"))
        if member is None:
            form.add_error("member_no", _("在您管理的范围内没有这个会员编号。"))
        else:
            done = attempt(
                request,
                lambda: services.nomination_create(actor=request.user, quota=quota, member=member, **data),
                form=form,
                field_map={"member": "member_no"},
                success=_("推荐已保存为草稿，请上传事迹材料后提交。"),
            )
            if done and done.value is not None:
                return redirect("honors:nomination_detail", nomination_id=done.value.pk)
    return render(request, "honors/campaigns/nominate.html", {"quota": quota, "form": form})


@staff_required
def nomination_detail(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    actor = request.user
    editable = nomination.status in (NominationStatus.DRAFT, NominationStatus.RETURNED)
    can_nominate = access.check(actor, NOMINATE, nomination.unit)
    return render(
        request,
        "honors/campaigns/nomination.html",
        {
            "nomination": nomination,
            "campaign": nomination.campaign,
            "files": attachment_list(actor=actor, owner=nomination),  # type: ignore[arg-type]
            "events": selectors.nomination_events(nomination),
            "review_events": selectors.review_events(nomination),
            "can_edit": editable and can_nominate,
            "can_withdraw": can_nominate
            and nomination.status in (NominationStatus.DRAFT, NominationStatus.IN_REVIEW, NominationStatus.RETURNED),
            "edit_form": NominationEditForm(
                initial={"deeds": nomination.deeds, "years_in_trade": nomination.years_in_trade}
            ),
            "attach_form": AttachForm(),
            "reason_form": ReasonForm(),
        },
    )


@staff_required
@require_POST
def nomination_edit(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    form = NominationEditForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.nomination_update(actor=request.user, nomination=nomination, **form.cleaned_data),
            success=_("已保存。"),
        )
    else:
        access.require_action(request.user, view_perm=VIEW_CAMPAIGNS, perm=NOMINATE, unit=nomination.unit)
    return redirect("honors:nomination_detail", nomination_id=nomination.pk)


@staff_required
@require_POST
def nomination_attach(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    access.require_action(request.user, view_perm=VIEW_CAMPAIGNS, perm=NOMINATE, unit=nomination.unit)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        attach_each(request, owner=nomination, uploads=form.cleaned_data["uploads"], purpose=attachments.DEEDS)
    return redirect("honors:nomination_detail", nomination_id=nomination.pk)


@staff_required
@require_POST
def nomination_submit(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    attempt(
        request,
        lambda: services.nomination_submit(actor=request.user, nomination=nomination),
        success=_("已提交，进入单位公示。"),
    )
    return redirect("honors:nomination_detail", nomination_id=nomination.pk)


@staff_required
@require_POST
def nomination_withdraw(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.nomination_withdraw(actor=request.user, nomination=nomination, reason=reason),
        success=_("推荐已撤回，名额已释放。"),
    )
    return redirect("honors:nomination_detail", nomination_id=nomination.pk)


# --- benefits -----------------------------------------------------------------------------------------------------


@staff_required
def benefit_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_HONOREES)
    year = _year(request) or timezone.localdate().year
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    units = unit_filter(request, perm=VIEW_HONOREES, search_url="honors:campaign_unit_search")
    qs = selectors.benefit_list(actor=request.user, year=year, kind=kind, status=status, unit=units.unit)
    listing = paginate(request, qs)
    rows = list(listing.page)
    return render(
        request,
        "honors/campaigns/benefits.html",
        {
            "listing": listing,
            "rows": rows,
            "checkups": selectors.checkups_for(actor=request.user, benefits=rows),
            "payments": selectors.payments_for(rows),
            "year": year,
            "kind": kind,
            "status": status,
            "kinds": BenefitKind.choices,
            "statuses": BenefitStatus.choices,
            "unit_filter": units,
            "can_manage": access.check_anywhere(request.user, MANAGE_BENEFITS),
            "plan_form": PlanForm(initial={"year": year}),
            "done_form": DoneForm(),
        },
    )


@staff_required
@require_POST
def benefit_plan(request: HttpRequest) -> HttpResponse:
    """Plan the year for every union where the actor manages benefits (the highest ones: their subtrees)."""
    access.require_anywhere(request.user, MANAGE_BENEFITS)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return redirect(_benefits_url())
    year = form.cleaned_data["year"]
    paths = access.grant_paths(request.user, MANAGE_BENEFITS)
    for unit in OrgUnit.objects.filter(path__in=paths).order_by("path"):

        def plan(unit: OrgUnit = unit) -> int:
            return services.benefit_plan_year(actor=request.user, unit=unit, year=year)

        def said(n: int, unit: OrgUnit = unit) -> str:
            return _("%(unit)s：已新增 %(n)d 项计划。") % {"unit": unit.name, "n": n}

        attempt(request, plan, success=said)
    return redirect(f"{_benefits_url()}?year={year}")


@staff_required
def benefit_allowance_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_BENEFITS)
    form = AllowanceForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = selectors.nominee_find(actor=request.user, perm=MANAGE_BENEFITS, key=data.pop("member_no"))
        honoree = (
            Honoree.objects.filter(member=member, revoked_on__isnull=True).order_by("pk").first() if member else None
        )
        if honoree is None:
            form.add_error("member_no", _("在您管理的范围内没有这位劳模。"))
        else:
            done = attempt(
                request,
                lambda: services.benefit_allowance_add(actor=request.user, honoree=honoree, **data),
                form=form,
                success=_("帮扶补助已登记，请申请支付。"),
            )
            if done.ok:
                return redirect(f"{_benefits_url()}?year={data['year']}&kind=allowance")
    return render(request, "honors/campaigns/allowance_new.html", {"form": form})


def _benefits_url() -> str:
    return reverse("honors:benefit_list")


@staff_required
@require_POST
def benefit_done(request: HttpRequest, benefit_id: int) -> HttpResponse:
    benefit = selectors.benefit_get(actor=request.user, benefit_id=benefit_id)
    form = DoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    attempt(
        request, lambda: services.benefit_done(actor=request.user, benefit=benefit, note=note), success=_("已落实。")
    )
    return redirect(f"{_benefits_url()}?year={benefit.year}")


@staff_required
@require_POST
def benefit_cancel(request: HttpRequest, benefit_id: int) -> HttpResponse:
    benefit = selectors.benefit_get(actor=request.user, benefit_id=benefit_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.benefit_cancel(actor=request.user, benefit=benefit, reason=reason),
        success=_("已取消。"),
    )
    return redirect(f"{_benefits_url()}?year={benefit.year}")


@staff_required
@require_POST
def benefit_pay(request: HttpRequest, benefit_id: int) -> HttpResponse:
    benefit = selectors.benefit_get(actor=request.user, benefit_id=benefit_id)
    attempt(
        request,
        lambda: services.benefit_pay(actor=request.user, benefit=benefit),
        success=_("已向财务申请支付。"),
    )
    return redirect(f"{_benefits_url()}?year={benefit.year}&kind=allowance")
