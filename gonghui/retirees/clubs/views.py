"""Console pages of retirees' clubs: the clubs of the actor's scope (with a new club's form), a club's page (members
added by member number or removed, activities planned) and an activity's page (sign-ups, attendance recorded,
photos, cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.picker import bind_unit_pickers, unit_filter
from gonghui.retirees.clubs import selectors, services
from gonghui.retirees.clubs.attachments import PHOTO
from gonghui.retirees.clubs.forms import ActivityForm, CancelForm, ClubForm, MemberNoForm, PhotoForm, RecordForm
from gonghui.retirees.models import ClubKind
from gonghui.retirees.permissions import MANAGE_CLUBS, VIEW_RETIREES


@staff_required
def club_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RETIREES)
    picked = unit_filter(request, perm=VIEW_RETIREES, search_url="retirees:unit_search")
    may_manage = access.check_anywhere(request.user, MANAGE_CLUBS)
    form = ClubForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST":
        access.require_anywhere(request.user, MANAGE_CLUBS)
        if form.is_valid():
            data = form.cleaned_data
            done = attempt(
                request,
                lambda: services.club_save(
                    actor=request.user,
                    unit=data["unit"],
                    data=services.ClubInput(
                        name=data["name"],
                        kind=data["kind"],
                        description=data["description"],
                        open_to_join=data["open_to_join"],
                    ),
                ),
                form=form,
                success=_("社团已建立。"),
            )
            if done.ok and done.value is not None:
                return redirect("retirees:club_detail", retiree_club_id=done.value.pk)
    q = (request.GET.get("q") or "").strip()[:40]
    kind = request.GET.get("kind", "")
    qs = selectors.club_list(actor=request.user, unit=picked.unit, q=q, kind=kind)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="name")
    return render(
        request,
        "retirees/clubs/list.html",
        {
            "listing": listing,
            "unit_filter": picked,
            "q": q,
            "kind": kind,
            "kinds": ClubKind.choices,
            "form": form,
            "may_manage": may_manage,
        },
    )


@staff_required
def club_detail(request: HttpRequest, retiree_club_id: int) -> HttpResponse:
    club = selectors.club_get(actor=request.user, retiree_club_id=retiree_club_id)
    activity_form = ActivityForm(request.POST if request.POST.get("action") == "activity" else None)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_RETIREES, perm=MANAGE_CLUBS, unit=club.unit)
        action = request.POST.get("action", "")
        if action in ("add", "remove"):
            form = MemberNoForm(request.POST)
            member = (
                selectors.retiree_by_no(actor=request.user, member_no=form.data.get("member_no", ""))
                if form.is_valid()
                else None
            )
            if member is None:
                messages.error(request, _("未找到该会员编号的退休职工。"))
            elif action == "add":
                attempt(
                    request,
                    lambda: services.club_member_add(actor=request.user, club=club, member=member),
                    success=_("已加入社团。"),
                )
            else:
                attempt(
                    request,
                    lambda: services.club_member_remove(actor=request.user, club=club, member=member),
                    success=_("已移出社团。"),
                )
            return redirect("retirees:club_detail", retiree_club_id=club.pk)
        if action == "activity" and activity_form.is_valid():
            data = activity_form.cleaned_data
            done = attempt(
                request,
                lambda: services.activity_create(actor=request.user, club=club, data=services.ActivityInput(**data)),
                form=activity_form,
                success=_("活动已发布。"),
            )
            if done.ok and done.value is not None:
                return redirect("retirees:activity_detail", club_activity_id=done.value.pk)
    members = list(selectors.club_members(actor=request.user, club=club)[:500])
    activities = list(selectors.club_activities(actor=request.user, club=club)[:100])
    return render(
        request,
        "retirees/clubs/detail.html",
        {
            "club": club,
            "members": members,
            "activities": activities,
            "may_manage": access.check(request.user, MANAGE_CLUBS, club.unit),
            "member_form": MemberNoForm(),
            "activity_form": activity_form,
        },
    )


@staff_required
def activity_detail(request: HttpRequest, club_activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(actor=request.user, club_activity_id=club_activity_id)
    signups = list(selectors.activity_signups(actor=request.user, activity=activity))
    choices = [(s.member_id, s.member.name) for s in signups]
    record_form = RecordForm(request.POST if request.POST.get("action") == "record" else None)
    record_form.fields["attended"].choices = choices  # type: ignore[attr-defined]
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_RETIREES, perm=MANAGE_CLUBS, unit=activity.club.unit)
        action = request.POST.get("action", "")
        if action == "record" and record_form.is_valid():
            data = record_form.cleaned_data
            attempt(
                request,
                lambda: services.activity_record(
                    actor=request.user, activity=activity, attended=list(data["attended"]), extra=data["extra"]
                ),
                success=_("已登记出席情况。"),
            )
        elif action == "cancel":
            cancel = CancelForm(request.POST)
            if cancel.is_valid():
                attempt(
                    request,
                    lambda: services.activity_cancel(
                        actor=request.user, activity=activity, reason=cancel.cleaned_data["reason"]
                    ),
                    success=_("活动已取消。"),
                )
            else:
                messages.error(request, _("请填写取消原因。"))
        elif action == "photos":
            photos = PhotoForm(request.POST, request.FILES)
            if photos.is_valid():
                attach_each(request, owner=activity, uploads=photos.cleaned_data["uploads"], purpose=PHOTO)
            else:
                messages.error(request, _("请选择照片。"))
        return redirect("retirees:activity_detail", club_activity_id=activity.pk)
    may_manage = access.check(request.user, MANAGE_CLUBS, activity.club.unit)
    return render(
        request,
        "retirees/clubs/activity.html",
        {
            "activity": activity,
            "signups": signups,
            "files": attachment_list(actor=request.user, owner=activity),
            "may_manage": may_manage,
            "record_form": record_form,
            "cancel_form": CancelForm(),
            "photo_form": PhotoForm(),
        },
    )
