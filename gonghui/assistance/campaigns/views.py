"""Console pages of campaigns: the list (filters, sort, pages, counts), a campaign's form, its page (allotments with
the budget's room, its history, open/close/cancel), its recipients (the member picker, removal with a confirmation,
bulk delivery of goods or payment of money) and its progress by union (chart and a masked, audited ``.xlsx``).
The services decide who may do what; the views only parse and show."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.assistance.campaigns import groups, selectors, services
from gonghui.assistance.campaigns.forms import (
    AllotForm,
    CampaignEditForm,
    CommentForm,
    DeliverForm,
    NewCampaignForm,
    RecipientAddForm,
)
from gonghui.assistance.models import Campaign, CampaignForm, CampaignKind, CampaignStatus, RecipientStatus
from gonghui.assistance.permissions import DELIVER_CAMPAIGN, MANAGE_CAMPAIGN
from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import DATE, MONEY, PERCENT, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit


def _filters(request: HttpRequest) -> dict[str, Any]:
    kind = request.GET.get("kind", "")
    return {
        "status": request.GET.get("status", ""),
        "kind": kind if kind in CampaignKind.values else "",
        "year": int_param(request.GET.get("year") or "", min_value=2000, max_value=2100),
        "q": (request.GET.get("q") or "").strip()[:50],
    }


@staff_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.campaign_list(actor=request.user, **filters)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-starts")
    counts = selectors.status_counts(actor=request.user, kind=filters["kind"], year=filters["year"])
    return render(
        request,
        "assistance/campaigns/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": [(value, label, counts[value]) for value, label in CampaignStatus.choices],
            "total": sum(counts.values()),
            "kinds": CampaignKind.choices,
            "years": selectors.campaign_years(actor=request.user),
            "can_create": access.check_anywhere(request.user, MANAGE_CAMPAIGN),
        },
    )


@staff_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    """A new campaign (in preparation), opened by one of the unions where the actor manages campaigns."""
    access.require_anywhere(request.user, MANAGE_CAMPAIGN)
    form = NewCampaignForm(
        request.POST or None, actor=request.user, initial={"starts_on": timezone.localdate(), "groups": ["all"]}
    )
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        done = attempt(
            request,
            lambda: services.campaign_create(actor=request.user, unit=unit, data=form.campaign_input()),
            form=form,
            success=_("活动已建立（筹备中），请分配名额后启动。"),
        )
        if done and done.value is not None:
            return redirect("assistance:campaign_detail", campaign_id=done.value.pk)
    return render(request, "assistance/campaigns/form.html", {"form": form, "campaign": None})


@staff_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    access.require(request.user, MANAGE_CAMPAIGN, campaign.unit)
    initial = {f: getattr(campaign, f) for f in ("title", "kind", "form", "goods", "budget", "standard")}
    initial.update(starts_on=campaign.starts_on, ends_on=campaign.ends_on, groups=campaign.groups)
    form = CampaignEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.campaign_update(actor=request.user, campaign=campaign, data=form.campaign_input()),
            form=form,
            success=_("活动已保存。"),
        )
        if done:
            return redirect("assistance:campaign_detail", campaign_id=campaign.pk)
    return render(request, "assistance/campaigns/form.html", {"form": form, "campaign": campaign})


def _detail_action(request: HttpRequest, campaign: Campaign) -> None:
    actor = request.user
    action = request.POST.get("action", "")
    comment = (request.POST.get("comment") or "").replace("\x00", "")[:2000]  # PostgreSQL text holds no NUL
    if action == "allot":
        form = AllotForm(request.POST)
        unit = None
        if form.is_valid():
            unit = OrgUnit.objects.filter(pk=form.cleaned_data["unit"], path__startswith=campaign.unit.path).first()
        if unit is None:
            messages.error(request, _("请选择承办工会并填写名额。"))
            return
        quota = form.cleaned_data["quota"]
        attempt(
            request,
            lambda: services.allotment_set(actor=actor, campaign=campaign, unit=unit, quota=quota),
            success=_("已为%(unit)s分配 %(n)d 个名额。") % {"unit": unit.name, "n": quota},
        )
    elif action == "open":
        attempt(request, lambda: services.campaign_open(actor=actor, campaign=campaign), success=_("活动已启动。"))
    elif action == "close":
        attempt(
            request,
            lambda: services.campaign_close(actor=actor, campaign=campaign, comment=comment),
            success=_("活动已结束。"),
        )
    elif action == "cancel":
        attempt(
            request,
            lambda: services.campaign_cancel(actor=actor, campaign=campaign, comment=comment),
            success=_("活动已取消。"),
        )


@staff_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    can_manage = access.check(request.user, MANAGE_CAMPAIGN, campaign.unit)
    if request.method == "POST":
        access.require(request.user, MANAGE_CAMPAIGN, campaign.unit)
        _detail_action(request, campaign)
        return redirect("assistance:campaign_detail", campaign_id=campaign.pk)
    allotted = selectors.allotments(campaign)
    places = sum(a.quota for a in allotted)
    return render(
        request,
        "assistance/campaigns/detail.html",
        {
            "campaign": campaign,
            "group_labels": groups.group_labels(campaign.groups),
            "allotments": [(a, a.quota * campaign.standard) for a in allotted],
            "places": places,
            "allotted_amount": places * campaign.standard,
            "room": services.budget_room(campaign),
            "room_places": int(services.budget_room(campaign) / campaign.standard),
            "events": selectors.events(campaign),
            "can_manage": can_manage,
            "can_allot": can_manage and campaign.status in services.ALLOTTABLE,
            "editable": can_manage and campaign.status in services.EDITABLE,
            "allot_units": OrgUnit.objects.filter(path__startswith=campaign.unit.path).order_by("depth", "path")[:300]
            if can_manage
            else [],
            "comment_form": CommentForm(),
        },
    )


def _picker(request: HttpRequest, campaign: Campaign) -> dict[str, Any]:
    """The member picker: the unions the actor adds recipients for, and the name search within the chosen one."""
    if campaign.status != CampaignStatus.OPEN:
        return {"units": [], "allotment": None, "found": [], "q": ""}
    units = [
        a
        for a in selectors.recipient_units(actor=request.user, campaign=campaign)
        if access.check(request.user, DELIVER_CAMPAIGN, a.unit)
    ]
    chosen = int_param(request.GET.get("allotment") or "", min_value=1)
    allotment = next((a for a in units if a.pk == chosen), units[0] if units else None)
    q = " ".join((request.GET.get("q") or "").split())[:30]
    found: list[Member] = []
    if allotment is not None and q:
        found = selectors.member_search(allotment=allotment, campaign=campaign, q=q)
    return {"units": units, "allotment": allotment, "found": found, "q": q}


def _recipients_action(request: HttpRequest, campaign: Campaign) -> None:
    actor = request.user
    action = request.POST.get("action", "")
    if action == "add":
        form = RecipientAddForm(request.POST)
        member_id = form.cleaned_data["member"] if form.is_valid() else None
        # the member picked: one of the actor's own subtree (the service checks the union's places and groups)
        member = (
            access.scope(Member.objects.select_related("unit"), actor, DELIVER_CAMPAIGN).filter(pk=member_id).first()
            if member_id
            else None
        )
        if member is None:
            messages.error(request, _("请从搜索结果中选择会员。"))
            return
        attempt(
            request,
            lambda: services.recipient_add(actor=actor, campaign=campaign, member=member, student=form.student()),
            success=_("已列入：%(name)s。") % {"name": member.name},
        )
    elif action == "deliver":
        deliver = DeliverForm(request.POST)
        if not deliver.is_valid():
            messages.error(request, _("请填写发放日期。"))
            return
        ids = request.POST.getlist("recipients")
        on = deliver.cleaned_data["delivered_on"]
        attempt(
            request,
            lambda: services.recipients_deliver(actor=actor, campaign=campaign, recipient_ids=ids, delivered_on=on),
            success=lambda r: (
                _("已登记发放 %(done)d 人，跳过 %(skipped)d 人。") % {"done": r.done, "skipped": r.skipped}
            ),
        )
    elif action == "pay":
        ids = request.POST.getlist("recipients")
        attempt(
            request,
            lambda: services.recipients_pay(actor=actor, campaign=campaign, recipient_ids=ids),
            success=lambda r: (
                _("已向财务申请支付 %(done)d 人，跳过 %(skipped)d 人（已申请或已移出）。")
                % {"done": r.done, "skipped": r.skipped}
            ),
        )


@staff_required
def campaign_recipients(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    if request.method == "POST":
        access.require_anywhere(request.user, DELIVER_CAMPAIGN)
        _recipients_action(request, campaign)
        return redirect(f"{request.path}?{request.META.get('QUERY_STRING', '')}")
    status = request.GET.get("status", "")
    qs = selectors.recipient_list(actor=request.user, campaign=campaign, status=status)
    listing = paginate(request, qs, per_page=50)
    rows = list(listing.page)
    payments = services.payments_of(rows)
    is_open = campaign.status == CampaignStatus.OPEN
    return render(
        request,
        "assistance/campaigns/recipients.html",
        {
            "campaign": campaign,
            "listing": listing,
            "rows": [(r, payments.get(r.payment_key or "")) for r in rows],
            "status": status,
            "statuses": RecipientStatus.choices,
            "picker": _picker(request, campaign),
            "add_form": RecipientAddForm(),
            "deliver_form": DeliverForm(),
            "is_goods": campaign.form == CampaignForm.GOODS,
            "is_study": campaign.kind == CampaignKind.STUDY,
            "can_deliver": is_open
            and campaign.form == CampaignForm.GOODS
            and access.check_anywhere(request.user, DELIVER_CAMPAIGN),
            "can_pay": is_open
            and campaign.form == CampaignForm.MONEY
            and access.check(request.user, MANAGE_CAMPAIGN, campaign.unit),
            "can_remove": is_open and access.check_anywhere(request.user, DELIVER_CAMPAIGN),
        },
    )


@staff_required
def campaign_recipient_remove(request: HttpRequest, campaign_id: int, recipient_id: int) -> HttpResponse:
    """Removing a recipient asks for a confirmation first (GET shows it, POST removes)."""
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    recipient = selectors.recipient_list(actor=request.user, campaign=campaign).filter(pk=recipient_id).first()
    if recipient is None:
        raise access.NotVisible()
    access.require(request.user, DELIVER_CAMPAIGN, recipient.unit)
    form = CommentForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        done = attempt(
            request,
            lambda: services.recipient_remove(actor=request.user, recipient=recipient, comment=comment),
            success=_("已移出：%(name)s。") % {"name": recipient.member.name},
            show=False,
        )
        if done:
            return redirect("assistance:campaign_recipients", campaign_id=campaign.pk)
        error = done.message
    return render(
        request,
        "assistance/campaigns/remove.html",
        {"campaign": campaign, "recipient": recipient, "form": form, "error": error},
    )


@staff_required
@require_GET
def campaign_progress(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    progress = selectors.progress(actor=request.user, campaign=campaign)
    chart = bar_chart(
        [r.unit.name for r in progress.rows] or [_("无")],
        [
            Series(_("列入人数"), [r.listed for r in progress.rows] or [0]),
            Series(_("已发放人数"), [r.delivered for r in progress.rows] or [0]),
        ],
        title=_("各工会发放进度"),
    )
    return render(
        request,
        "assistance/campaigns/progress.html",
        {"campaign": campaign, "progress": progress, "chart": chart},
    )


@staff_required
@require_GET
def campaign_progress_export(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Progress by union and the recipients (names masked, no ID numbers) as ``.xlsx``; the export is audited."""
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    progress = selectors.progress(actor=request.user, campaign=campaign)
    recipients = list(selectors.recipient_list(actor=request.user, campaign=campaign)[:50000])
    book = XlsxWriter(title=campaign.title)
    sheet = book.sheet(_("按工会"), widths=(28, 10, 10, 10, 14, 14, 10))
    sheet.row(
        [_("工会"), _("名额"), _("列入人数"), _("已发放人数"), _("金额"), _("已发放金额"), _("发放率")], bold=True
    )
    for r in progress.rows:
        sheet.row(
            [r.unit.name, r.quota, r.listed, r.delivered, r.amount, r.delivered_amount, r.share],
            formats={4: MONEY, 5: MONEY, 6: PERCENT},
        )
    sheet.row(
        [
            _("合计"),
            progress.quota,
            progress.listed,
            progress.delivered,
            progress.amount,
            progress.delivered_amount,
            progress.share,
        ],
        formats={4: MONEY, 5: MONEY, 6: PERCENT},
        bold=True,
    )
    people = book.sheet(_("活动对象"), widths=(10, 12, 28, 12, 12, 12))
    people.row([_("编号"), _("会员"), _("承办工会"), _("状态"), _("标准金额"), _("发放日期")], bold=True)
    for p in recipients:
        people.row(
            [p.pk, mask_name(p.member.name), p.unit.name, p.get_status_display(), p.amount, p.delivered_on],
            formats={4: MONEY, 5: DATE},
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"campaign-{campaign.pk}-progress.xlsx",
        action="assistance.campaign_export",
        target=campaign,
        target_repr=campaign.title,
        unit=campaign.unit,
        data={"unions": len(progress.rows), "recipients": len(recipients)},
    )
