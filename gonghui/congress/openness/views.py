"""Console pages of the openness of affairs: items (filters, pages), a new item, an item's page (publish, withdraw,
its questions answered in place, the history) and the questions waiting for an answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.labels import event_rows
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.congress.models import DisclosureCategory
from gonghui.congress.openness import selectors, services
from gonghui.congress.openness.forms import AnswerForm, ItemForm
from gonghui.congress.permissions import MANAGE_OPENNESS, VIEW_CONGRESS
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.picker import UnitFilter, unit_filter


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:disclosure_unit_search")


@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CONGRESS)
    filters: dict[str, Any] = {
        "category": request.GET.get("category", ""),
        "state": request.GET.get("state", ""),
        "unit": _unit_filter(request).unit,
        "q": (request.GET.get("q") or "").strip()[:50],
    }
    listing = paginate(
        request, selectors.item_list(actor=request.user, **filters), sorts=selectors.SORTS, default_sort="-published"
    )
    return render(
        request,
        "congress/openness/list.html",
        {
            "listing": listing,
            "filters": filters,
            "categories": DisclosureCategory.choices,
            "unit_filter": _unit_filter(request),
            "can_add": access.check_anywhere(request.user, MANAGE_OPENNESS),
        },
    )


@staff_required
def item_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_OPENNESS)
    form = ItemForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.item_create(actor=request.user, **form.cleaned_data),
            form=form,
            success=_("厂务公开事项已保存。"),
        )
        if done and done.value is not None:
            return redirect("congress:disclosure_detail", item_id=done.value.pk)
    return render(request, "congress/openness/new.html", {"form": form})


@staff_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_get(actor=request.user, item_id=item_id)
    if request.method == "POST":
        access.require(request.user, MANAGE_OPENNESS, item.unit)
        action = request.POST.get("action", "")
        if action == "publish":
            attempt(request, lambda: services.item_publish(actor=request.user, item=item), success=_("已公开。"))
        elif action == "withdraw":
            attempt(request, lambda: services.item_withdraw(actor=request.user, item=item), success=_("已撤下。"))
        elif action == "answer":
            question_id = int_param(request.POST.get("question"), min_value=1)
            question = next((q for q in selectors.item_questions(item) if q.pk == question_id), None)
            form = AnswerForm(request.POST)
            if question is None:
                messages.error(request, _("没有这条问询。"))
            elif not form.is_valid():
                messages.error(request, _("请填写答复。"))
            else:
                attempt(
                    request,
                    lambda: services.question_answer(
                        actor=request.user, question=question, answer=form.cleaned_data["answer"]
                    ),
                    success=_("已答复。"),
                )
        return redirect("congress:disclosure_detail", item_id=item.pk)
    history = audit_history(actor=request.user, target_type="congress.disclosureitem", target_id=item.pk)[:50]
    return render(
        request,
        "congress/openness/detail.html",
        {
            "item": item,
            "questions": selectors.item_questions(item),
            "today": timezone.localdate(),
            "published": services.is_published(item),
            "can_manage": access.check(request.user, MANAGE_OPENNESS, item.unit),
            "answer_form": AnswerForm(),
            "history_rows": event_rows(history),
        },
    )


@staff_required
def question_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CONGRESS)
    state = request.GET.get("state", "open")
    today = timezone.localdate()
    listing = paginate(request, selectors.question_list(actor=request.user, state=state, today=today))
    return render(request, "congress/openness/questions.html", {"listing": listing, "state": state, "today": today})
