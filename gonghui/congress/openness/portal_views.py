"""Member portal pages of the openness of affairs: the items of my union (and the unions above it), an item with
my questions and their answers, and the form to ask."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.congress.openness import selectors, services
from gonghui.congress.openness.forms import QuestionForm
from gonghui.console.actions import attempt


@login_required(login_url="portal:login")
def my_items(request: HttpRequest) -> HttpResponse:
    member = selectors.my_openness_member(actor=request.user)
    items = list(selectors.my_items(actor=request.user)[:100])
    answered = list(selectors.my_questions(actor=request.user).filter(answered_on__isnull=False)[:5])
    return render(
        request, "congress/openness/portal_list.html", {"member": member, "items": items, "answered": answered}
    )


@login_required(login_url="portal:login")
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.my_item_or_none(actor=request.user, item_id=item_id)
    if item is None:
        # Not an item the worker may read: staff who may see it are sent to its console page, anyone else gets 404.
        staff_view = selectors.item_get(actor=request.user, item_id=item_id)
        return redirect("congress:disclosure_detail", item_id=staff_view.pk)
    member = selectors.my_openness_member(actor=request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and member is not None and form.is_valid():
        done = attempt(
            request,
            lambda: services.question_ask(
                actor=request.user, item=item, member=member, question=form.cleaned_data["question"]
            ),
            form=form,
            success=_("问题已提交，工会将在期限内答复。"),
        )
        if done:
            return redirect("congress_portal:disclosure_detail", item_id=item.pk)
    return render(
        request,
        "congress/openness/portal_detail.html",
        {"item": item, "questions": list(selectors.my_questions(actor=request.user, item=item)), "form": form},
    )
