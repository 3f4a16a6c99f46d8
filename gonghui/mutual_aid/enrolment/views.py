"""Console pages of whole-unit enrolment: the lists, a new list, a list's page (counts, the members, what is left
out, the review, the fee and its receipt, the monthly corrections, the history), the ``.xlsx`` export of the list
(ID numbers masked, audited) and a correction's page. The services decide who may do what."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import MONEY, XLSX_TYPE, XlsxWriter
from gonghui.common.widgets import DateInput
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.mutual_aid.enrolment import selectors, services
from gonghui.mutual_aid.models import CorrectionStatus, EnrolmentStatus, PlanTier
from gonghui.mutual_aid.permissions import MANAGE_ENROLMENT, RECORD_FEE, REVIEW_ENROLMENT, VIEW_MUTUAL_AID
from gonghui.mutual_aid.plans.selectors import plan_list
from gonghui.orgs.models import OrgUnit


class NewForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("参保工会"), choices=())
    tier = forms.ChoiceField(label=gettext_lazy("保障计划与档次"), choices=())

    def __init__(self, *args: Any, units: list[tuple[int, str]], tiers: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["unit"].choices = [(str(k), v) for k, v in units]  # type: ignore[attr-defined]
        self.fields["tier"].choices = [(str(k), v) for k, v in tiers]  # type: ignore[attr-defined]


class ExcludeForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=gettext_lazy("未参保原因"), max_length=200)


class FeeForm(forms.Form):
    received_on = forms.DateField(label=gettext_lazy("会费到账日期"), widget=DateInput())


class ImportForm(forms.Form):
    upload = forms.FileField(
        label=gettext_lazy("调整名单（.xlsx）"),
        help_text=gettext_lazy("列：会员编号、变动（增员/减员）、原因。有任何一行错误则整份不导入。"),
    )


@staff_required
def enrolment_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    plan = int_param(request.GET.get("plan") or "", min_value=1)
    qs = selectors.enrolment_list(actor=request.user, status=status, plan=plan)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-created")
    return render(
        request,
        "mutual_aid/enrolment/list.html",
        {
            "listing": listing,
            "status": status,
            "statuses": EnrolmentStatus.choices,
            "can_enrol": access.check_anywhere(request.user, MANAGE_ENROLMENT),
        },
    )


def _tier_choices(request: HttpRequest) -> list[tuple[int, str]]:
    plans = list(plan_list(actor=request.user, status="published")[:50])
    tiers = PlanTier.objects.filter(plan__in=plans).select_related("plan").order_by("-plan__year", "plan", "order")
    return [(t.pk, f"{t.plan.name} · {t.name}（{t.fee} 元/人/年）") for t in tiers]


@staff_required
def enrolment_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_ENROLMENT)
    units = [(u.pk, u.name) for u in selectors.enrollable_units(request.user)[:300]]
    form = NewForm(request.POST or None, units=units, tiers=_tier_choices(request))
    if request.method == "POST" and form.is_valid():
        unit = selectors.enrollable_units(request.user).filter(pk=int(form.cleaned_data["unit"])).first()
        tier = PlanTier.objects.select_related("plan__unit").filter(pk=int(form.cleaned_data["tier"])).first()
        if unit is None or tier is None:
            form.add_error("unit", _("请选择您可以办理参保的基层工会。"))
        else:
            done = attempt(
                request,
                lambda: services.enrolment_generate(actor=request.user, plan=tier.plan, tier=tier, unit=unit),
                form=form,
                success=_("已按会员名册生成参保名单，请核对后提交审核。"),
            )
            if done and done.value is not None:
                return redirect("mutual_aid:enrolment_detail", enrolment_id=done.value.pk)
    return render(request, "mutual_aid/enrolment/new.html", {"form": form})


@staff_required
def enrolment_detail(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    if request.method == "POST":
        _act(request, enrolment)
        return redirect("mutual_aid:enrolment_detail", enrolment_id=enrolment.pk)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:50]
    members = paginate(request, selectors.enrolment_members(enrolment, q=q), per_page=50)
    can_manage = access.check(request.user, MANAGE_ENROLMENT, enrolment.unit)
    editable = can_manage and enrolment.status in services.EDITABLE
    payment = selectors.enrolment_payment(enrolment.source)
    return render(
        request,
        "mutual_aid/enrolment/detail.html",
        {
            "enrolment": enrolment,
            "members": members,
            "q": q,
            "excluded": list(selectors.enrolment_members(enrolment, which="excluded")[:500]),
            "removed": list(selectors.enrolment_members(enrolment, which="removed")[:500]),
            "corrections": selectors.enrolment_corrections(enrolment),
            "events": selectors.enrolment_events(enrolment),
            "payment": payment,
            "case": services.enrolment_case(enrolment),
            "can_manage": can_manage,
            "editable": editable,
            "partial_allowed": editable and services.partial_allowed(enrolment.unit),
            "can_pay": can_manage
            and enrolment.status == EnrolmentStatus.CONFIRMED
            and payment is None
            and services.union_books(enrolment.unit) is not None,
            "can_fee": enrolment.status == EnrolmentStatus.CONFIRMED
            and access.check(request.user, RECORD_FEE, enrolment.plan.unit),
            "can_correct": can_manage and enrolment.status == EnrolmentStatus.ACTIVE,
            "fee_form": FeeForm(initial={"received_on": timezone.localdate()}),
            "import_form": ImportForm(),
        },
    )


def _act(request: HttpRequest, enrolment: Any) -> None:
    actor = request.user
    action = request.POST.get("action", "")
    comment = (request.POST.get("comment") or "").replace("\x00", "")[:2000]
    if action == "refresh":
        attempt(
            request,
            lambda: services.enrolment_refresh(actor=actor, enrolment=enrolment),
            success=_("名单已按会员名册更新。"),
        )
    elif action == "exclude":
        form = ExcludeForm(request.POST)
        member = form.cleaned_data["member"] if form.is_valid() else 0
        reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
        attempt(
            request,
            lambda: services.enrolment_exclude(actor=actor, enrolment=enrolment, member_id=member, reason=reason),
            success=_("已将该会员排除在名单之外。"),
        )
    elif action == "include":
        member_id = int_param(request.POST.get("member"), min_value=1) or 0
        attempt(
            request,
            lambda: services.enrolment_include(actor=actor, enrolment=enrolment, member_id=member_id),
            success=_("已恢复到名单中。"),
        )
    elif action == "submit":
        attempt(
            request,
            lambda: services.enrolment_submit(actor=actor, enrolment=enrolment),
            success=_("名单已提交上一级工会审核。"),
        )
    elif action == "resubmit":
        attempt(
            request,
            lambda: services.enrolment_resubmit(actor=actor, enrolment=enrolment, comment=comment),
            success=_("名单已重新提交。"),
        )
    elif action == "cancel":
        attempt(
            request,
            lambda: services.enrolment_cancel(actor=actor, enrolment=enrolment, comment=comment),
            success=_("名单已撤销。"),
        )
    elif action == "pay":
        attempt(
            request,
            lambda: services.enrolment_payment_request(actor=actor, enrolment=enrolment),
            success=_("已向本工会财务提交会费支付申请。"),
        )
    elif action == "fee":
        fee_form = FeeForm(request.POST)
        day = fee_form.cleaned_data["received_on"] if fee_form.is_valid() else None
        if day is None:
            access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=RECORD_FEE, unit=enrolment.plan.unit)
            attempt(request, lambda: _refuse(_("请填写会费到账日期。")))
        else:
            attempt(
                request,
                lambda: services.enrolment_record_fee(actor=actor, enrolment=enrolment, received_on=day),
                success=_("已登记会费到账，保障开始日期已确定。"),
            )
    elif action == "correct":
        attempt(
            request,
            lambda: services.correction_compute(actor=actor, enrolment=enrolment),
            success=_("已按会员名册生成本月调整，请核对后提请上一级工会确认。"),
        )
    elif action == "import":
        import_form = ImportForm(request.POST, request.FILES)
        if not import_form.is_valid():
            access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_ENROLMENT, unit=enrolment.unit)
            attempt(request, lambda: _refuse(_("请选择要导入的 .xlsx 文件。")))
        else:
            upload = import_form.cleaned_data["upload"]
            attempt(
                request,
                lambda: services.correction_import(actor=actor, enrolment=enrolment, upload=upload),
                success=_("调整名单已导入，请核对后提请上一级工会确认。"),
            )
    else:
        access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_ENROLMENT, unit=enrolment.unit)


def _refuse(message: str) -> None:
    from django.core.exceptions import ValidationError

    raise ValidationError(message)


@staff_required
@require_GET
def enrolment_export(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The list as ``.xlsx``: names, member numbers, masked ID numbers, tier, fee, cover; audited."""
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    rows = list(selectors.enrolment_members(enrolment)[:20000])
    book = XlsxWriter(title=_("参保名单"))
    sheet = book.sheet(_("参保名单"), widths=(14, 12, 22, 12, 10, 10, 12, 12))
    sheet.row(
        [_("会员编号"), _("姓名"), _("证件号码"), _("档次"), _("会费"), _("首次参保"), _("保障开始"), _("保障结束")],
        bold=True,
    )
    for r in rows:
        sheet.row(
            [
                r.member.member_no,
                r.member.name,
                r.member.id_masked,
                enrolment.tier.name,
                r.fee,
                _("是") if r.first_time else _("否"),
                r.covered_from,
                r.covered_to,
            ],
            formats={4: MONEY},
        )
    services.enrolment_export_audit(actor=request.user, enrolment=enrolment, rows=len(rows))
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="enrolment-{enrolment.pk}.xlsx"'
    return response


@staff_required
def correction_detail(request: HttpRequest, enrolment_id: int, correction_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    correction = selectors.correction_get(enrolment=enrolment, correction_id=correction_id)
    if request.method == "POST":
        return _correction_act(request, enrolment, correction)
    parent_path = enrolment.unit.path[: -OrgUnit.steplen] or enrolment.unit.path
    return render(
        request,
        "mutual_aid/enrolment/correction.html",
        {
            "enrolment": enrolment,
            "correction": correction,
            "rows": selectors.correction_rows(correction),
            "payment": selectors.enrolment_payment(services.correction_source(correction)),
            "can_confirm": correction.status == CorrectionStatus.DRAFT
            and access.check(request.user, REVIEW_ENROLMENT, _Path(parent_path)),
            "can_cancel": correction.status == CorrectionStatus.DRAFT
            and access.check(request.user, MANAGE_ENROLMENT, enrolment.unit),
            "can_fee": correction.status == CorrectionStatus.CONFIRMED
            and access.check(request.user, RECORD_FEE, enrolment.plan.unit),
            "fee_form": FeeForm(initial={"received_on": timezone.localdate()}),
        },
    )


class _Path:
    def __init__(self, path: str) -> None:
        self.path = path


def _correction_act(request: HttpRequest, enrolment: Any, correction: Any) -> HttpResponse:
    actor = request.user
    action = request.POST.get("action", "")
    if action == "confirm":
        attempt(
            request,
            lambda: services.correction_confirm(actor=actor, correction=correction),
            success=_("月度调整已确认。"),
        )
    elif action == "cancel":
        attempt(
            request, lambda: services.correction_cancel(actor=actor, correction=correction), success=_("调整已撤销。")
        )
    elif action == "fee":
        form = FeeForm(request.POST)
        day = form.cleaned_data["received_on"] if form.is_valid() else timezone.localdate()
        attempt(
            request,
            lambda: services.correction_record_fee(actor=actor, correction=correction, received_on=day),
            success=_("已登记补缴会费到账，增员的保障已开始。"),
        )
    else:
        access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_ENROLMENT, unit=enrolment.unit)
    return redirect("mutual_aid:correction_detail", enrolment_id=enrolment.pk, correction_id=correction.pk)
