"""Member portal pages of rational suggestions: my suggestions, a new one (with photos from the camera), and a
suggestion's page (steps, the review's reasons, the value recorded, the reward and its payment)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.congress.models import Suggestion
from gonghui.congress.suggestions import selectors, services
from gonghui.congress.suggestions.attachments import OPEN, PHOTO
from gonghui.congress.suggestions.forms import SuggestionForm, new_request_key
from gonghui.console.actions import attempt


def _add_photos(request: HttpRequest, suggestion: Suggestion, uploads: list[UploadedFile]) -> None:
    attach_each(request, owner=suggestion, uploads=uploads, purpose=PHOTO, success=None)


@login_required(login_url="portal:login")
def my_suggestions(request: HttpRequest) -> HttpResponse:
    member = selectors.my_suggestion_member(actor=request.user)
    rows = list(selectors.my_suggestions(actor=request.user)[:50])
    return render(request, "congress/suggestions/portal_list.html", {"member": member, "suggestions": rows})


@login_required(login_url="portal:login")
def suggestion_new(request: HttpRequest) -> HttpResponse:
    member = selectors.my_suggestion_member(actor=request.user)
    form = SuggestionForm(request.POST or None, request.FILES or None, initial={"request_key": new_request_key()})
    if member is not None and request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploads = data.pop("uploads") or []
        done = attempt(
            request,
            lambda: services.suggestion_create(actor=request.user, member=member, **data),
            form=form,
            success=lambda result: _("建议已提交，工会将尽快评审。") if result[1] else _("这条建议已经提交过了。"),
        )
        if done and done.value is not None:
            suggestion, created = done.value
            if created:
                _add_photos(request, suggestion, uploads)
            return redirect("congress_portal:suggestion_detail", suggestion_id=suggestion.pk)
    return render(request, "congress/suggestions/portal_new.html", {"form": form, "member": member})


@login_required(login_url="portal:login")
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = selectors.my_suggestion_or_none(actor=request.user, suggestion_id=suggestion_id)
    if suggestion is None:
        staff_view = selectors.suggestion_get(actor=request.user, suggestion_id=suggestion_id)
        return redirect("congress:suggestion_detail", suggestion_id=staff_view.pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "withdraw":
            attempt(
                request,
                lambda: services.suggestion_withdraw(actor=request.user, suggestion=suggestion),
                success=_("建议已撤回。"),
            )
        elif action == "photos":
            form = SuggestionForm(None, request.FILES)
            uploads = form.fields["uploads"].clean(request.FILES.getlist("uploads")) if request.FILES else []
            _add_photos(request, suggestion, uploads or [])
        return redirect("congress_portal:suggestion_detail", suggestion_id=suggestion.pk)
    payment = selectors.suggestion_payment(suggestion)
    return render(
        request,
        "congress/suggestions/portal_detail.html",
        {
            "s": suggestion,
            "steps": selectors.suggestion_steps(suggestion, payment),
            "payment": payment,
            "files": attachment_list(actor=request.user, owner=suggestion),
            "open": suggestion.status in OPEN,
            "photo_form": SuggestionForm(),
        },
    )
