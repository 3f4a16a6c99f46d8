"""Member portal pages of the praise wall: the wall of the worker's union (featured posts first; like, report), a new
post with a photo from the camera, and the worker's own posts with the moderators' decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.attachments.selectors import attachments_by_owner
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.honors.praise import selectors, services
from gonghui.honors.praise.forms import PostForm, ReportForm


@login_required(login_url="portal:login")
def praise_wall(request: HttpRequest) -> HttpResponse:
    member = selectors.wall_member(actor=request.user)
    listing = (
        paginate(request, selectors.wall(actor=request.user, member=member), per_page=20)
        if member is not None
        else None
    )
    posts = list(listing.page) if listing is not None else []
    photos = attachments_by_owner(posts)
    for post in posts:
        post.photos = photos.get(post.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "honors/praise/portal_wall.html",
        {
            "member": member,
            "listing": listing,
            "posts": posts,
            "mine": list(selectors.my_posts(actor=request.user)[:20]),
            "report_form": ReportForm(),
        },
    )


@login_required(login_url="portal:login")
def praise_new(request: HttpRequest) -> HttpResponse:
    member = selectors.wall_member(actor=request.user)
    form = PostForm(request.POST or None, request.FILES or None)
    if member is not None and request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photo") or []

        def post() -> object:
            return services.praise_post(
                actor=request.user, data=services.PostInput(**data), photo=photos[0] if photos else None
            )

        done = attempt(request, post, form=form, success=_("已提交，审核通过后在点赞台展示。"))
        if done:
            return redirect("honors_portal:praise_wall")
    return render(request, "honors/praise/portal_new.html", {"form": form, "member": member})


@login_required(login_url="portal:login")
@require_POST
def praise_like(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.wall_post(actor=request.user, post_id=post_id)
    services.praise_like(actor=request.user, post=post)
    return redirect(f"{reverse('honors_portal:praise_wall')}#post-{post.pk}")


@login_required(login_url="portal:login")
@require_POST
def praise_report(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.wall_post(actor=request.user, post_id=post_id)
    form = ReportForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.praise_report(actor=request.user, post=post, reason=form.cleaned_data["reason"]),
            success=_("已举报，工会将尽快处理。"),
        )
    else:
        messages.error(request, _("请填写举报理由。"))
    return redirect("honors_portal:praise_wall")
