"""Workers' requests (职工诉求): any signed-in worker, member or not, from the portal.

Filing: the worker picks a category, describes the request (photos may follow) and may ask to stay anonymous.
The request goes to the responsible union, and the reason is kept (``route``): a member's own union; for a
non-member, the union of the employer they choose, or else the county federation of the county they choose. The
deadline is the category's number of working days from the filing day (``workdays``), copied onto the request with
the category's sensitivity, so that a later change of the category does not change a request already filed.

Handling: staff holding ``legal_aid.handle_requests`` at the responsible union (or above it) answer or transfer it
(to a union in their own scope, or up to the responsible union's parent, always with a reason). A sensitive
request is seen and handled only by holders of ``legal_aid.handle_sensitive_requests``: to anyone else it does not
exist. The worker rates the answer (1-5 stars): a rating at or below ``legal_aid.request_poor_rating`` reopens it
once (a new deadline of ``legal_aid.request_reopen_days`` working days); any other rating, or a second poor
rating, closes it as rated. Requests past their deadline are escalated once per deadline by a daily job.

Anonymity: the requester's identity stays on the request but is shown only to the staff who may act on it (the
handling permission for the request at its union, see :func:`sees_identity`). Audit events of an anonymous
requester's own steps carry no actor, and no event of an anonymous request carries the name or phone.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import AuditSpec, audit_record, audit_record_many
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine
from gonghui.legal_aid.models import RequestCategory, RequestEvent, RequestRoute, RequestStatus, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_REQUESTS, HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS
from gonghui.legal_aid.requests.policies import POOR_RATING, REOPEN_DAYS
from gonghui.legal_aid.requests.ratings import KIND as RATING_KIND
from gonghui.members.roster.selectors import my_member
from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.policy.selectors import policy_get, policy_today
from gonghui.ratings.services import rating_record
from gonghui.workdays.selectors import add_working_days

S = RequestStatus
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
DESCRIPTION_LIMIT = 5000


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("诉求当前为“%(status)s”，不能执行该操作。") % {"status": RequestStatus(status).label}, code="stale"
    )


REQUEST = StateMachine.of_actions(
    {
        "answer": ((S.SUBMITTED, S.REOPENED), S.ANSWERED),
        "transfer": ((S.SUBMITTED, S.REOPENED), S.SUBMITTED),
        "reopen": ((S.ANSWERED,), S.REOPENED),
        "close": ((S.ANSWERED,), S.CLOSED),
    },
    refusal=_refusal,
)
OPEN = (S.SUBMITTED, S.REOPENED)
EVENT_LABELS = {
    "submit": gettext_lazy("提交诉求"),
    "answer": gettext_lazy("答复"),
    "transfer": gettext_lazy("转办"),
    "reopen": gettext_lazy("不满意，重新办理"),
    "close": gettext_lazy("评价办结"),
    "escalate": gettext_lazy("逾期督办"),
}


# --- who may do what ----------------------------------------------------------------------------------------------


def view_perm(request: WorkerRequest) -> str:
    """A sensitive request is seen only by the designated staff; any other by ``legal_aid.view_requests``."""
    return HANDLE_SENSITIVE_REQUESTS if request.sensitive else VIEW_REQUESTS


def handle_perm(request: WorkerRequest) -> str:
    return HANDLE_SENSITIVE_REQUESTS if request.sensitive else HANDLE_REQUESTS


def can_handle(actor: Actor, request: WorkerRequest) -> bool:
    return access.check(actor, handle_perm(request), request.unit)


def sees_identity(actor: Actor, request: WorkerRequest) -> bool:
    """Whether ``actor`` may see who filed ``request``: the requester themself; for an anonymous request only the
    staff who may act on it (the handling permission at its union); otherwise whoever may see the request."""
    if is_requester(actor, request):
        return True
    if request.anonymous:
        return can_handle(actor, request)
    return access.check(actor, view_perm(request), request.unit)


def is_requester(actor: Actor, request: WorkerRequest) -> bool:
    return access.is_self(actor, request.requester_id)


def _require_handle(actor: Actor, request: WorkerRequest) -> None:
    access.require_action(actor, view_perm=view_perm(request), perm=handle_perm(request), unit=request.unit)


def audit_actor(actor: Actor, request: WorkerRequest) -> Actor | None:
    """The requester's own steps on an anonymous request are audited without an actor (the name would show)."""
    if request.anonymous and is_requester(actor, request):
        return None
    return actor


def _audit(actor: Actor, request: WorkerRequest, action: str, **data: Any) -> None:
    audit_record(
        actor=audit_actor(actor, request),
        action=f"legal_aid.request_{action}",
        target=request,
        target_repr=f"职工诉求 {request.number}",
        unit=request.unit,
        data=data or None,
    )


def _event(
    request: WorkerRequest, action: str, before: str, after: str, actor: Actor, comment: str = "", **units: Any
) -> None:
    own = is_requester(actor, request)
    RequestEvent.objects.create(
        request=request,
        action=action,
        from_status=before,
        to_status=after,
        actor=None if own else access.user_of(actor),
        by_requester=own,
        comment=comment,
        **units,
    )


def _lock(request: WorkerRequest) -> WorkerRequest:
    return (
        WorkerRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "category", "requester")
        .get(pk=request.pk)
    )


def _clean(value: str, *, field: str, label: Any, limit: int, required: bool = False) -> str:
    raw = (value or "").replace("\x00", "")
    text = "\n".join(" ".join(line.split()) for line in raw.strip().splitlines()).strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


# --- routing ------------------------------------------------------------------------------------------------------


def county_federation(region_code: str) -> OrgUnit | None:
    """The active federation (总工会) of county ``region_code`` nearest the root."""
    return (
        OrgUnit.objects.filter(region_code=region_code, kind=UnitKind.FEDERATION, status=UnitStatus.ACTIVE)
        .order_by("depth", "path")
        .first()
    )


def route_for(
    *, actor: Actor, employer: Employer | None = None, region_code: str = ""
) -> tuple[OrgUnit, str, Any, Employer | None, str]:
    """``(unit, route, member, employer, region)``: where the signed-in worker's request goes and why."""
    member = my_member(actor=actor)
    if member is not None:
        return member.unit, RequestRoute.MEMBER_UNIT, member, None, ""
    if employer is not None:
        found = Employer.objects.select_related("unit").filter(pk=employer.pk, is_active=True).first()
        if found is None or found.unit.status != UnitStatus.ACTIVE:
            raise ValidationError({"employer": _("请选择有效的工作单位。")}, code="employer")
        return found.unit, RequestRoute.EMPLOYER, None, found, ""
    code = (region_code or "").strip()
    from gonghui.orgs.codes import region_get

    region = region_get(code) if re.fullmatch(r"[0-9]{6}", code) else None
    if region is None or region.level != "county":
        raise ValidationError({"region_code": _("请选择工作单位，或选择您工作所在的县（市、区）。")}, code="region")
    federation = county_federation(region.code)
    if federation is None:
        raise ValidationError({"region_code": _("该地区的总工会尚未开通诉求受理，请联系当地总工会。")}, code="no_union")
    return federation, RequestRoute.REGION, None, None, region.code


# --- the worker's side --------------------------------------------------------------------------------------------


def request_submit(
    *,
    actor: Actor,
    category: RequestCategory,
    description: str,
    anonymous: bool = False,
    employer: Employer | None = None,
    region_code: str = "",
    request_key: str = "",
    on: date | None = None,
) -> tuple[WorkerRequest, bool]:
    """File a request as the signed-in worker: ``(request, created)``. With the form's ``request_key``, a second
    call (a double click, a retry, another device) returns the request the first one filed."""
    user = access.require_user(actor)
    key = (request_key or "").strip()
    if key and not KEY_RE.match(key):
        raise ValidationError(_("表单已失效，请刷新页面后重新提交。"), code="request_key")
    if key:
        found = WorkerRequest.objects.filter(request_key=key).select_related("unit", "category").first()
        if found is not None:
            return _same_requester(found, user.pk), False
    if category is None or not RequestCategory.objects.filter(pk=category.pk, is_active=True).exists():
        raise ValidationError({"category": _("请选择诉求类别。")}, code="category")
    description = _clean(description, field="description", label=_("诉求内容"), limit=DESCRIPTION_LIMIT, required=True)
    unit, route, member, employer, region = route_for(actor=actor, employer=employer, region_code=region_code)
    day = on or policy_today()
    try:
        with transaction.atomic():
            request = WorkerRequest.objects.create(
                number=f"tmp-{key or timezone.now().timestamp()}-{user.pk}"[:24],
                requester=user,
                member=member,
                anonymous=bool(anonymous),
                category=category,
                sensitive=category.sensitive,
                deadline_days=category.deadline_days,
                description=description,
                unit=unit,
                route=route,
                employer=employer,
                region_code=region,
                due_on=add_working_days(day, category.deadline_days),
                request_key=key or None,
            )
            request.number = f"SQ{day:%Y}-{request.pk:06d}"
            request.save(update_fields=["number"])
            _event(request, "submit", "", request.status, actor)
            _audit(
                actor,
                request,
                "submit",
                category=category.code,
                route=route,
                anonymous=request.anonymous,
                due_on=request.due_on.isoformat(),
            )
    except IntegrityError:
        found = (
            WorkerRequest.objects.filter(request_key=key).select_related("unit", "category").first() if key else None
        )
        if found is None:
            raise
        return _same_requester(found, user.pk), False
    return request, True


def _same_requester(found: WorkerRequest, user_id: int) -> WorkerRequest:
    if found.requester_id != user_id:
        raise ValidationError(_("表单已失效，请刷新页面后重新提交。"), code="request_key")
    return found


def is_poor(rating: int, threshold: int) -> bool:
    return rating <= threshold


def rating_outcome(*, rating: int, threshold: int, reopened_before: int) -> str:
    """``reopen`` for the first poor rating, else ``close`` (a good rating, or a second poor one)."""
    return "reopen" if is_poor(rating, threshold) and reopened_before == 0 else "close"


def request_rate(
    *, actor: Actor, request: WorkerRequest, rating: int, comment: str = "", on: date | None = None
) -> WorkerRequest:
    """The requester rates the answer: 1-5 stars. A first poor rating reopens the request with a new deadline; any
    other rating closes it."""
    if not is_requester(actor, request):
        raise access.NotVisible
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("请选择 1 至 5 星的评分。")}, code="rating")
    comment = _clean(comment, field="comment", label=_("评价说明"), limit=500)
    day = on or policy_today()
    with transaction.atomic():
        locked = _lock(request)
        threshold = policy_get(POOR_RATING.key, locked.unit, on=day)
        outcome = rating_outcome(rating=rating, threshold=int(threshold.value), reopened_before=locked.reopen_count)
        before, after = REQUEST.move(locked, outcome)
        locked.rating, locked.rating_comment = rating, comment
        fields = ["status", "rating", "rating_comment", "policy_record_ids"]
        ids = list(locked.policy_record_ids or [])
        if threshold.record is not None:
            ids.append(threshold.record.pk)
        data: dict[str, Any] = {"rating": rating, "outcome": outcome}
        if outcome == "reopen":
            days = policy_get(REOPEN_DAYS.key, locked.unit, on=day)
            if days.record is not None:
                ids.append(days.record.pk)
            locked.reopen_count += 1
            locked.due_on = add_working_days(day, int(days.value))
            locked.escalated_at = None
            fields += ["reopen_count", "due_on", "escalated_at"]
            data["due_on"] = locked.due_on.isoformat()
        else:
            locked.closed_at = timezone.now()
            fields.append("closed_at")
        locked.policy_record_ids = sorted(set(ids))
        locked.save(update_fields=fields)
        _event(locked, outcome, before, after, actor, comment=f"{rating}★ {comment}".strip())
        _audit(actor, locked, "rate", **data)
        if outcome == "close":
            # The rating that closes the request is the worker's verdict on the service (满意度评价).
            rating_record(actor=actor, kind=RATING_KIND, object_id=locked.pk, score=rating, comment=comment, on=day)
    return locked


# --- the union's side ---------------------------------------------------------------------------------------------


def request_answer(*, actor: Actor, request: WorkerRequest, answer: str) -> WorkerRequest:
    """The responsible union's answer (the worker reads it and rates it)."""
    _require_handle(actor, request)
    answer = _clean(answer, field="answer", label=_("答复内容"), limit=DESCRIPTION_LIMIT, required=True)
    with transaction.atomic():
        locked = _lock(request)
        before, after = REQUEST.move(locked, "answer")
        now = timezone.now()
        locked.answer, locked.answered_at = answer, now
        late = timezone.localdate(now) > locked.due_on
        if locked.first_answered_at is None:
            locked.first_answered_at, locked.first_answer_on_time = now, not late
        locked.save(update_fields=["status", "answer", "answered_at", "first_answered_at", "first_answer_on_time"])
        _event(locked, "answer", before, after, actor)
        _audit(actor, locked, "answer", late=late)
        _notify_answered(locked)
    return locked


ANSWER_CATEGORY = "legal_aid.requests"
CATEGORIES = [
    Category(
        ANSWER_CATEGORY,
        gettext_lazy("诉求答复"),
        gettext_lazy("工会答复了您反映的诉求（内容请登录查看）"),
        sms_default=True,
        order=50,
    ),
]


def _notify_answered(request: WorkerRequest) -> None:
    """The requester is told that an answer is there (not what it says: the page shows it); once per answer."""
    answered = request.answered_at.isoformat() if request.answered_at else ""
    with platform_language():
        notify(
            user=request.requester,
            category=ANSWER_CATEGORY,
            title=_("您的诉求已答复：%(number)s") % {"number": request.number},
            body=_("工会已答复您反映的诉求，请登录查看答复并评价。"),
            url=reverse("legal_aid_portal:request_detail", args=[request.pk]),
            key=f"legal_aid.request_answer:{request.pk}:{answered}",
        )


def parent_of(unit: OrgUnit) -> OrgUnit | None:
    """The union directly above ``unit`` (``None`` at a root)."""
    if len(unit.path) <= OrgUnit.steplen:
        return None
    return OrgUnit.objects.filter(path=unit.path[: -OrgUnit.steplen]).first()


def transfer_targets_ok(actor: Actor, request: WorkerRequest, to_unit: OrgUnit) -> bool:
    """A request goes to a union where the actor handles requests, or up to its union's parent."""
    if to_unit.pk == request.unit_id or to_unit.status != UnitStatus.ACTIVE:
        return False
    parent_path = request.unit.path[: -OrgUnit.steplen]
    return to_unit.path == parent_path or access.check(actor, handle_perm(request), to_unit)


def request_transfer(*, actor: Actor, request: WorkerRequest, to_unit: OrgUnit, reason: str) -> WorkerRequest:
    """Hand an open request to another union (with the reason the worker reads); the deadline stays."""
    _require_handle(actor, request)
    reason = _clean(reason, field="reason", label=_("转办理由"), limit=1000, required=True)
    if to_unit is None or not transfer_targets_ok(actor, request, to_unit):
        raise ValidationError(
            {"to_unit": _("只能转给您有权办理诉求的工会，或本诉求责任工会的上级工会。")}, code="to_unit"
        )
    with transaction.atomic():
        locked = _lock(request)
        before = locked.unit
        REQUEST.check(locked.status, "transfer")
        locked.unit = to_unit
        locked.save(update_fields=["unit"])
        _event(locked, "transfer", locked.status, locked.status, actor, reason, from_unit=before, to_unit=to_unit)
        _audit(actor, locked, "transfer", from_unit=before.pk, to_unit=to_unit.pk)
    return locked


def requests_escalate(*, today: date, now: datetime | None = None) -> int:
    """Mark open requests past their deadline (a scheduled job: no actor), once per deadline. Returns how many
    were marked now."""
    stamp = now or timezone.now()
    with transaction.atomic():
        overdue = list(
            WorkerRequest.objects.select_for_update()
            .filter(status__in=OPEN, due_on__lt=today, escalated_at__isnull=True)
            .select_related("unit")
            .order_by("pk")
        )
        if not overdue:
            return 0
        WorkerRequest.objects.filter(pk__in=[r.pk for r in overdue]).update(escalated_at=stamp)
        RequestEvent.objects.bulk_create(
            [RequestEvent(request=r, action="escalate", from_status=r.status, to_status=r.status) for r in overdue]
        )
        audit_record_many(
            actor=None,
            events=[
                AuditSpec(
                    action="legal_aid.request_escalate",
                    target=r,
                    target_repr=f"职工诉求 {r.number}",
                    unit=r.unit,
                    data={"due_on": r.due_on.isoformat()},
                )
                for r in overdue
            ],
        )
    return len(overdue)


# --- categories (policy data) -------------------------------------------------------------------------------------


def category_save(
    *,
    actor: Actor,
    category: RequestCategory | None,
    code: str,
    name: str,
    deadline_days: int,
    sensitive: bool,
    is_active: bool = True,
    order: int = 0,
) -> RequestCategory:
    """Add or change a category (platform-wide data: holders of ``legal_aid.manage_request_categories`` at a tree
    root). Requests already filed keep the deadline and sensitivity they were filed with."""
    from gonghui.legal_aid.permissions import MANAGE_REQUEST_CATEGORIES

    access.require_at_root(actor, MANAGE_REQUEST_CATEGORIES)
    name = _clean(name, field="name", label=_("类别名称"), limit=40, required=True)
    code = (code or "").strip()
    if not re.fullmatch(r"[a-z][a-z0-9_-]{1,31}", code):
        raise ValidationError({"code": _("代码须为 2–32 位小写字母、数字、下划线或连字符。")}, code="code")
    if not isinstance(deadline_days, int) or not 1 <= deadline_days <= 60:
        raise ValidationError({"deadline_days": _("答复期限须为 1 至 60 个工作日。")}, code="deadline")
    with transaction.atomic():
        if category is None:
            if RequestCategory.objects.filter(code=code).exists():
                raise ValidationError({"code": _("该代码已被使用。")}, code="duplicate")
            category = RequestCategory(code=code)
            before = None
        else:
            category = RequestCategory.objects.select_for_update().get(pk=category.pk)
            before = {
                "name": category.name,
                "deadline_days": category.deadline_days,
                "sensitive": category.sensitive,
                "is_active": category.is_active,
            }
        category.name, category.deadline_days, category.sensitive = name, deadline_days, bool(sensitive)
        category.is_active, category.order = bool(is_active), int(order)
        category.save()
        audit_record(
            actor=actor,
            action="legal_aid.request_category_save",
            target=category,
            target_repr=category.name,
            before=before,
            after={
                "name": category.name,
                "deadline_days": category.deadline_days,
                "sensitive": category.sensitive,
                "is_active": category.is_active,
            },
        )
    return category
