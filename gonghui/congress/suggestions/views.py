"""Console pages of rational suggestions: the list (filters, sort, pages, ``.xlsx``), a suggestion's page (review,
adoption or not, implementation and value, the reward and its payment read from finance, the history) and the
yearly ranking of unions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.attachments.selectors import attachment_list
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import MONEY, XlsxWriter
from gonghui.congress.models import Suggestion, SuggestionStatus
from gonghui.congress.permissions import HANDLE_SUGGESTIONS, VIEW_CONGRESS
from gonghui.congress.suggestions import selectors, services
from gonghui.congress.suggestions.attachments import can_view
from gonghui.congress.suggestions.forms import DecideForm, ImplementForm, RewardForm, YearForm
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import UnitFilter, unit_filter


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:suggestion_unit_search")


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "status": request.GET.get("status", ""),
        "year": int_param(request.GET.get("year") or "", min_value=2000, max_value=2100),
        "unit": _unit_filter(request).unit,
        "q": (request.GET.get("q") or "").strip()[:50],
    }


@staff_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CONGRESS)
    filters = _filters(request)
    qs = selectors.suggestion_list(actor=request.user, **filters)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-submitted")
    return render(
        request,
        "congress/suggestions/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": SuggestionStatus.choices,
            "years": selectors.years(timezone.localdate()),
            "unit_filter": _unit_filter(request),
        },
    )


@staff_required
@require_GET
def suggestion_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as ``.xlsx`` (the author's name masked), audited."""
    access.require_anywhere(request.user, VIEW_CONGRESS)
    filters = _filters(request)
    rows = list(selectors.suggestion_list(actor=request.user, **filters)[:20000])
    book = XlsxWriter(title=_("合理化建议"))
    sheet = book.sheet(_("合理化建议"), widths=(16, 12, 28, 36, 12, 12, 16, 14, 14))
    sheet.row(
        [
            _("建议编号"),
            _("建议人"),
            _("所在工会"),
            _("建议名称"),
            _("类别"),
            _("状态"),
            _("节约或创造价值（元/年）"),
            _("节约工时（小时/年）"),
            _("奖励金额"),
        ],
        bold=True,
    )
    for s in rows:
        sheet.row(
            [
                s.number,
                mask_name(s.member.name),
                s.unit.name,
                s.title,
                s.category_label,
                s.get_status_display(),
                s.money_saved,
                s.hours_saved,
                s.reward,
            ],
            formats={6: MONEY, 8: MONEY},
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="suggestions.xlsx",
        action="congress.suggestion_export",
        target_type="congress.suggestion",
        target_repr=_("合理化建议"),
        data={"rows": len(rows), "status": filters["status"], "year": filters["year"]},
    )


def _invalid(request: HttpRequest, form: Any) -> None:
    parts = [
        f"{form.fields[name].label if name in form.fields else ''}：{' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))


def _act(request: HttpRequest, suggestion: Suggestion) -> None:
    actor = request.user
    action = request.POST.get("action", "")
    if action == "review":
        attempt(
            request, lambda: services.suggestion_review(actor=actor, suggestion=suggestion), success=_("已转入评审。")
        )
    elif action in ("adopt", "reject"):
        form = DecideForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        attempt(
            request,
            lambda: services.suggestion_decide(
                actor=actor, suggestion=suggestion, adopt=action == "adopt", comment=comment
            ),
            success=_("已采纳。") if action == "adopt" else _("已决定不予采纳。"),
        )
    elif action == "implement":
        implement = ImplementForm(request.POST)
        if not implement.is_valid():
            _invalid(request, implement)
            return
        attempt(
            request,
            lambda: services.suggestion_implement(actor=actor, suggestion=suggestion, **implement.cleaned_data),
            success=_("实施情况已登记。"),
        )
    elif action == "reward":
        reward = RewardForm(request.POST)
        if not reward.is_valid():
            _invalid(request, reward)
            return
        attempt(
            request,
            lambda: services.suggestion_reward(
                actor=actor,
                suggestion=suggestion,
                amount=reward.cleaned_data["amount"],
                comment=reward.cleaned_data["comment"],
            ),
            success=_("奖励已核定，已向财务提交支付申请。"),
        )


@staff_required
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = selectors.suggestion_get(actor=request.user, suggestion_id=suggestion_id)
    if request.method == "POST":
        access.require(request.user, HANDLE_SUGGESTIONS, suggestion.unit)
        _act(request, suggestion)
        return redirect("congress:suggestion_detail", suggestion_id=suggestion.pk)
    can_handle = access.check(request.user, HANDLE_SUGGESTIONS, suggestion.unit)
    return render(
        request,
        "congress/suggestions/detail.html",
        {
            "s": suggestion,
            "events": selectors.suggestion_events(suggestion),
            "payment": selectors.suggestion_payment(suggestion),
            "files": attachment_list(actor=request.user, owner=suggestion)
            if can_view(request.user, suggestion)
            else [],
            "can_handle": can_handle,
            "decide_form": DecideForm(),
            "implement_form": ImplementForm(initial={"implemented_on": timezone.localdate()}),
            "reward_form": RewardForm(),
        },
    )


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


@staff_required
def suggestion_ranking(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    unit = _unit_filter(request).unit
    rows = selectors.suggestion_ranking(actor=request.user, year=year, unit=unit)
    return render(
        request,
        "congress/suggestions/ranking.html",
        {
            "rows": rows,
            "year": year,
            "years": selectors.years(timezone.localdate()),
            "unit_filter": _unit_filter(request),
        },
    )
