"""Console pages of skill training: the courses (list, new), a course's page (sessions, trainees with their hours
and certificates, enrol a member by number, withdraw, open, cancel, finish and issue certificates, revoke a
certificate, the history) and a session's sign-in desk (the member card's QR code, or a tick on the list)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.audit.labels import event_rows
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.contests.models import CourseStatus, TrainingCertificate
from gonghui.contests.permissions import MANAGE_TRAINING, VIEW_TRAINING
from gonghui.contests.training import selectors, services
from gonghui.contests.training.forms import CodeForm, CourseForm, MemberNoForm, ReasonForm, SessionForm
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit


def _invalid(request: HttpRequest, form: object) -> None:
    from django.contrib import messages

    errors = getattr(form, "errors", {})
    fields = getattr(form, "fields", {})
    parts = [
        f"{fields[name].label if name in fields else ''}：{' '.join(str(e) for e in errs)}"
        for name, errs in errors.items()
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))


@staff_required
def course_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_TRAINING)
    filters = {"status": request.GET.get("status", ""), "q": (request.GET.get("q") or "").strip()[:50]}
    listing = paginate(
        request,
        selectors.course_list(actor=request.user, **filters),
        sorts=selectors.COURSE_SORTS,
        default_sort="-starts",
    )
    return render(
        request,
        "contests/training/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": CourseStatus.choices,
            "can_create": access.check_anywhere(request.user, MANAGE_TRAINING),
        },
    )


def _units(request: HttpRequest) -> list[OrgUnit]:
    return list(access.units(request.user, MANAGE_TRAINING).order_by("path")[:200])


@staff_required
def course_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_TRAINING)
    units = _units(request)
    wanted = int_param(request.POST.get("unit") or request.GET.get("unit"), min_value=1)
    unit = next((u for u in units if u.pk == wanted), units[0] if units else None)
    if unit is None:
        raise access.NotVisible
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.course_create(actor=request.user, unit=unit, **form.cleaned_data),
            form=form,
            success=_("课程已建立，请添加课次后开放报名。"),
        )
        if done and done.value is not None:
            return redirect("contests:course_detail", course_id=done.value.pk)
    return render(request, "contests/training/new.html", {"form": form, "unit": unit, "units": units})


def _course_action(request: HttpRequest, course: object) -> None:
    from gonghui.contests.models import Course

    assert isinstance(course, Course)
    actor = request.user
    access.require_action(actor, view_perm=VIEW_TRAINING, perm=MANAGE_TRAINING, unit=course.unit)
    action = request.POST.get("action", "")
    if action == "session":
        form = SessionForm(request.POST)
        if not form.is_valid():
            return _invalid(request, form)
        attempt(
            request,
            lambda: services.session_add(actor=actor, course=course, **form.cleaned_data),
            success=_("课次已添加。"),
        )
    elif action == "open":
        attempt(request, lambda: services.course_open(actor=actor, course=course), success=_("课程已开放报名。"))
    elif action == "cancel":
        reason = ReasonForm(request.POST)
        if not reason.is_valid():
            return _invalid(request, reason)
        attempt(
            request,
            lambda: services.course_cancel(actor=actor, course=course, reason=reason.cleaned_data["reason"]),
            success=_("课程已取消。"),
        )
    elif action == "finish":
        attempt(
            request,
            lambda: services.course_finish(actor=actor, course=course),
            success=lambda issued: _("课程已结业，发放证书 %(n)d 份。") % {"n": len(issued)},
        )
    elif action == "enrol":
        number = MemberNoForm(request.POST)
        if not number.is_valid():
            return _invalid(request, number)
        member = (
            Member.objects.select_related("unit")
            .filter(member_no=number.cleaned_data["member_no"].strip(), unit__path__startswith=course.unit.path)
            .first()
        )
        if member is None:
            from django.contrib import messages

            messages.error(request, _("本工会及下属工会没有该会员编号。"))
            return None
        attempt(
            request,
            lambda: services.enrol_member(actor=actor, course=course, member=member),
            success=_("已报名。"),
        )
    elif action == "withdraw":
        enrolment = selectors.enrolment_get(course, request.POST.get("enrolment"))
        attempt(request, lambda: services.enrol_cancel(actor=actor, enrolment=enrolment), success=_("已退出。"))
    elif action == "revoke":
        cert = TrainingCertificate.objects.filter(
            pk=int_param(request.POST.get("certificate"), min_value=1) or 0, enrolment__course=course
        ).first()
        reason = ReasonForm(request.POST)
        if cert is None:
            raise access.NotVisible
        if not reason.is_valid():
            return _invalid(request, reason)
        attempt(
            request,
            lambda: services.certificate_revoke(actor=actor, certificate=cert, reason=reason.cleaned_data["reason"]),
            success=_("证书已作废。"),
        )
    return None


@staff_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_get(actor=request.user, course_id=course_id)
    if request.method == "POST":
        _course_action(request, course)
        return redirect("contests:course_detail", course_id=course.pk)
    return render(
        request,
        "contests/training/detail.html",
        {
            "course": course,
            "sessions": selectors.sessions(course),
            "total_hours": services.course_hours(course),
            "trainees": selectors.trainees(course),
            "can_manage": access.check(request.user, MANAGE_TRAINING, course.unit),
            "session_form": SessionForm(),
            "enrol_form": MemberNoForm(),
            "history_rows": event_rows(
                audit_history(actor=request.user, target_type="contests.course", target_id=course.pk)[:50]
            ),
        },
    )


@staff_required
def session_sign_in(request: HttpRequest, course_id: int, session_id: int) -> HttpResponse:
    course = selectors.course_get(actor=request.user, course_id=course_id)
    session = selectors.session_get(course, session_id)
    form = CodeForm(request.POST or None) if request.POST.get("action") == "code" else CodeForm()
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_TRAINING, perm=MANAGE_TRAINING, unit=course.unit)
        if request.POST.get("action") == "code":
            if form.is_valid():
                done = attempt(
                    request,
                    lambda: services.attendance_by_code(
                        actor=request.user, session=session, code=form.cleaned_data["code"]
                    ),
                    form=form,
                    success=lambda a: _("%(name)s 已签到。") % {"name": a.enrolment.member.name},
                )
                if done:
                    return redirect("contests:course_sign_in", course_id=course.pk, session_id=session.pk)
        elif request.POST.get("action") == "list":
            enrolment = selectors.enrolment_get(course, request.POST.get("enrolment"))
            attempt(
                request,
                lambda: services.attendance_sign(actor=request.user, session=session, enrolment=enrolment),
                success=_("%(name)s 已签到。") % {"name": enrolment.member.name},
            )
            return redirect("contests:course_sign_in", course_id=course.pk, session_id=session.pk)
    rows = selectors.attendance_rows(session)
    return render(
        request,
        "contests/training/sign_in.html",
        {
            "course": course,
            "session": session,
            "form": form,
            "rows": rows,
            "present": sum(1 for _e, a in rows if a is not None),
            "can_manage": access.check(request.user, MANAGE_TRAINING, course.unit),
        },
    )
