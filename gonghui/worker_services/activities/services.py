"""Services and activities (普惠服务, 活动): publication, fair sign-ups, check-in by member card, completion.

A union holding ``worker_services.manage_activities`` publishes an activity for its subtree's members: a draft is
edited, published (sign-ups open from ``signup_opens_at`` to ``signup_closes_at``), closed early, cancelled (every
live sign-up cancelled with it) or, once it has ended, finished: checked-in sign-ups become completed, confirmed
ones that never checked in become no-shows, the waiting list is cancelled. Every move is a transition of
:data:`ACTIVITY_MACHINE`, with an ``ActivityEvent`` and an audit record.

A member signs up on the portal (or the API) with a one-time request key, exactly as a recuperation booking: the
kernel's rush (``gonghui.common.rush``) gives the arrival number under the activity's row lock and takes a place
with a conditional update; with no place left the member waits (``wait_seq`` = arrival number). The same key, or a
second key of a member who already holds a live sign-up, returns that sign-up. A member may hold at most
``worker_services.open_signups_max`` live sign-ups of activities not yet started (their member row is locked while
counting). Cancelling a confirmed sign-up by ``worker_services.cancel_deadline_hours`` before the start gives its
place to the first waiting member, in the same transaction.

Who may join: members (active or retired) of the publishing union's subtree, and, when the activity is for
front-line workers or for gig workers, those whose record says so (:func:`audience_trace`: the rule, the job words
policy and its record are kept on the sign-up).

Check-in: the desk scans or pastes the member card's live QR code (``members.cards``: a forged, expired or revoked
code is refused) or ticks the member on the list; once per sign-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import rush
from gonghui.common.masking import mask_name
from gonghui.common.statemachine import StateMachine
from gonghui.members.cards.selectors import card_member_for_token
from gonghui.members.models import Member
from gonghui.members.roster.selectors import HOLDING
from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.worker_services.models import (
    LIVE_SIGNUP_STATUSES,
    Activity,
    ActivityAudience,
    ActivityEvent,
    ActivityStatus,
    SignUp,
    SignUpStatus,
)
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES

A = ActivityStatus
S = SignUpStatus
KEY_RE = re.compile(r"^[A-Za-z0-9_.:\-]{8,120}$")
PROMOTE_SCAN = 500

ACTIVITY_MACHINE = StateMachine.of_actions(
    {
        "publish": ({A.DRAFT}, A.PUBLISHED),
        "close": ({A.PUBLISHED}, A.CLOSED),
        "cancel": ({A.DRAFT, A.PUBLISHED, A.CLOSED}, A.CANCELLED),
        "finish": ({A.PUBLISHED, A.CLOSED}, A.FINISHED),
    }
)
SIGNUP_MACHINE = StateMachine.of_actions(
    {
        "promote": ({S.WAITING}, S.CONFIRMED),
        "cancel": ({S.CONFIRMED, S.WAITING}, S.CANCELLED),
        "check_in": ({S.CONFIRMED}, S.CHECKED_IN),
        "complete": ({S.CHECKED_IN}, S.COMPLETED),
        "no_show": ({S.CONFIRMED}, S.NO_SHOW),
    }
)


def categories(unit: OrgUnit) -> list[str]:
    value = str(policy_get("worker_services.activity_categories", unit).value or "")
    return [c.strip() for c in re.split(r"[,，、]", value) if c.strip()]


# --- activities ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityInput:
    title: str
    category: str
    place: str
    signup_opens_at: datetime
    signup_closes_at: datetime
    starts_at: datetime
    ends_at: datetime
    places: int | None = None
    reserved: int = 0
    audience: str = ActivityAudience.ALL
    description: str = ""
    cost: Decimal = Decimal("0")
    member_price: Decimal | None = None
    benefit: str = ""


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_ACTIVITIES, perm=MANAGE_ACTIVITIES, unit=unit)


def _clean(unit: OrgUnit, data: ActivityInput, *, booked: int = 0) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())[:120]
    if not title:
        errors["title"] = _("请填写名称。")
    if data.category not in categories(unit):
        errors["category"] = _("请从本级工会规定的类别中选择。")
    if data.audience not in ActivityAudience.values:
        errors["audience"] = _("参加对象不正确。")
    place = " ".join(data.place.split())[:200]
    if not place:
        errors["place"] = _("请填写活动地点。")
    if data.places is not None and data.places < 1:
        errors["places"] = _("名额至少为 1；不限名额请留空。")
    if data.reserved < 0 or (data.places is not None and data.reserved >= data.places):
        errors["reserved"] = _("预留名额须小于名额。")
    if data.places is not None and data.places - data.reserved < booked:
        errors["places"] = _("已有 %(n)d 人报名成功，名额不能少于此数。") % {"n": booked}
    if data.signup_closes_at <= data.signup_opens_at:
        errors["signup_closes_at"] = _("报名截止须晚于报名开始。")
    if data.starts_at < data.signup_closes_at:
        errors["starts_at"] = _("活动开始不能早于报名截止。")
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = _("活动结束须晚于开始。")
    if data.cost < 0 or (data.member_price is not None and data.member_price < 0):
        errors["cost"] = _("费用不能为负数。")
    if data.member_price is not None and data.member_price > data.cost:
        errors["member_price"] = _("会员价不能高于费用。")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "category": data.category,
        "description": data.description.strip()[:5000],
        "audience": data.audience,
        "places": data.places,
        "reserved": data.reserved if data.places is not None else 0,
        "signup_opens_at": data.signup_opens_at,
        "signup_closes_at": data.signup_closes_at,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "place": place,
        "cost": data.cost,
        "member_price": data.member_price,
        "benefit": " ".join(data.benefit.split())[:200],
    }


def _event(
    activity: Activity,
    action: str,
    before: str,
    after: str,
    user: Any,
    signup: SignUp | None = None,
    comment: str = "",
) -> None:
    ActivityEvent.objects.create(
        activity=activity,
        signup=signup,
        action=action,
        from_status=before,
        to_status=after,
        actor=user,
        comment=comment,
    )


def activity_create(*, actor: Actor, unit: OrgUnit, data: ActivityInput) -> Activity:
    _require_manage(actor, unit)
    user = access.require_user(actor)
    fields = _clean(unit, data)
    with transaction.atomic():
        activity = Activity.objects.create(unit=unit, created_by=user, **fields)
        _event(activity, "create", "", A.DRAFT, user)
        audit_record(
            actor=actor,
            action="worker_services.activity_create",
            target=activity,
            target_repr=activity.title,
            unit=unit,
            data={"category": activity.category, "places": activity.places},
        )
    return activity


def _lock(activity: Activity) -> Activity:
    return Activity.objects.select_for_update(of=("self",)).select_related("unit").get(pk=activity.pk)


def activity_update(*, actor: Actor, activity: Activity, data: ActivityInput) -> Activity:
    """Edit a draft or a published activity (places never below those already confirmed)."""
    _require_manage(actor, activity.unit)
    user = access.require_user(actor)
    with transaction.atomic():
        activity = _lock(activity)
        if activity.status not in (A.DRAFT, A.PUBLISHED):
            raise ValidationError(
                _("活动当前为“%(s)s”，不能修改。") % {"s": activity.get_status_display()}, code="stale"
            )
        fields = _clean(activity.unit, data, booked=activity.booked)
        grew = activity.places is not None and (fields["places"] is None or fields["places"] > activity.places)
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save()
        _event(activity, "update", activity.status, activity.status, user)
        audit_record(
            actor=actor,
            action="worker_services.activity_update",
            target=activity,
            target_repr=activity.title,
            unit=activity.unit,
            data={"places": activity.places},
        )
        if grew and activity.status == A.PUBLISHED:
            promote_waiting(activity=activity, actor=actor)
    return activity


def _move(actor: Actor, activity: Activity, action: str, *, reason: str = "") -> Activity:
    _require_manage(actor, activity.unit)
    user = access.require_user(actor)
    with transaction.atomic():
        activity = _lock(activity)
        before = activity.status
        ACTIVITY_MACHINE.move(activity, action)
        if action == "publish":
            activity.published_at = timezone.now()
        if action == "finish" and timezone.now() < activity.ends_at:
            raise ValidationError(_("活动尚未结束，不能办结。"), code="not_ended")
        if action == "cancel":
            activity.cancel_reason = reason
        activity.save()
        _event(activity, action, before, activity.status, user, comment=reason)
        counts: dict[str, int] = {}
        if action == "cancel":
            counts["cancelled"] = _cancel_all(activity, user, reason)
        if action == "finish":
            counts = _finish_signups(activity, user)
        audit_record(
            actor=actor,
            action=f"worker_services.activity_{action}",
            target=activity,
            target_repr=activity.title,
            unit=activity.unit,
            data={"from": before, "to": activity.status, **counts},
        )
    return activity


def activity_publish(*, actor: Actor, activity: Activity) -> Activity:
    return _move(actor, activity, "publish")


def activity_close(*, actor: Actor, activity: Activity) -> Activity:
    """Stop sign-ups before ``signup_closes_at`` (check-in and cancellations go on)."""
    return _move(actor, activity, "close")


def activity_cancel(*, actor: Actor, activity: Activity, reason: str) -> Activity:
    reason = " ".join((reason or "").replace("\x00", "").split())[:200]
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因。")}, code="reason")
    return _move(actor, activity, "cancel", reason=reason)


def activity_finish(*, actor: Actor, activity: Activity) -> Activity:
    """After the end: checked in → completed, confirmed → no-show, waiting → cancelled."""
    return _move(actor, activity, "finish")


def _cancel_all(activity: Activity, user: Any, reason: str) -> int:
    rows = list(
        SignUp.objects.select_for_update(of=("self",))
        .select_related("member__user")
        .filter(activity=activity, status__in=(S.CONFIRMED, S.WAITING))
    )
    for signup in rows:
        _set_cancelled(activity, signup, reason or _("活动取消"), user)
        _notify(
            signup,
            title=_("活动已取消：%(title)s") % {"title": activity.title},
            body=_("很抱歉，您报名的活动已取消，原因：%(reason)s。") % {"reason": reason or _("活动取消")},
            key=f"worker_services.activity_cancel:{activity.pk}:{signup.pk}",
        )
    return len(rows)


def _finish_signups(activity: Activity, user: Any) -> dict[str, int]:
    now = timezone.now()
    counts = {"completed": 0, "no_show": 0, "waiting_cancelled": 0}
    for signup in SignUp.objects.select_for_update(of=("self",)).filter(
        activity=activity, status__in=(S.CONFIRMED, S.CHECKED_IN, S.WAITING)
    ):
        before = signup.status
        if before == S.WAITING:
            signup.status = S.CANCELLED
            signup.cancelled_at = now
            counts["waiting_cancelled"] += 1
            action = "cancel"
        else:
            action = "complete" if before == S.CHECKED_IN else "no_show"
            SIGNUP_MACHINE.move(signup, action)
            counts["completed" if action == "complete" else "no_show"] += 1
            if action == "complete":
                signup.completed_at = now
        signup.save(update_fields=["status", "cancelled_at", "completed_at"])
        _event(activity, action, before, signup.status, user, signup)
    return counts


# --- sign-ups ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signed:
    signup: SignUp
    created: bool  # False: an earlier request of the same key or member already made it


def waiting_position(signup: SignUp) -> int | None:
    """The sign-up's place on the waiting list (1: next in line), or ``None`` when it is not waiting."""
    if signup.status != S.WAITING or signup.wait_seq is None:
        return None
    ahead = SignUp.objects.filter(
        activity_id=signup.activity_id, status=S.WAITING, wait_seq__lt=signup.wait_seq
    ).count()
    return ahead + 1


def clean_request_key(value: object) -> str:
    key = str(value or "").strip()
    if not KEY_RE.match(key):
        raise ValidationError({"request_key": _("请求编号须为 8 至 120 位字母、数字或 - _ . :。")}, code="request_key")
    return key


def signup_window_open(activity: Activity, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        activity.status == A.PUBLISHED
        and activity.signup_opens_at <= now < activity.signup_closes_at
        and now < activity.starts_at
    )


def audience_trace(activity: Activity, member: Member) -> dict[str, Any]:
    """Whether ``member`` is in the activity's audience, and why (kept on the sign-up)."""
    trace: dict[str, Any] = {"audience": activity.audience, "union": activity.unit.path}
    if activity.audience == ActivityAudience.ALL:
        trace["ok"] = True
        return trace
    gig = bool(member.gig_type)
    trace["gig"] = gig
    if activity.audience == ActivityAudience.GIG:
        trace["ok"] = gig
        return trace
    words = policy_get("worker_services.frontline_job_words", activity.unit)
    listed = [w.strip() for w in re.split(r"[,，、]", str(words.value or "")) if w.strip()]
    matched = next((w for w in listed if w in (member.job or "")), "")
    trace.update(ok=gig or bool(matched), word=matched, policy_record=words.record.pk if words.record else None)
    return trace


def _authorize_member(actor: Actor, member: Member, activity: Activity) -> bool:
    """True when staff act on the member's behalf; the member themself otherwise."""
    if member.user_id is not None and access.is_self(actor, member.user_id):
        return False
    _require_manage(actor, activity.unit)
    access.require(actor, MANAGE_ACTIVITIES, member.unit)
    return True


def _existing(activity: Activity, member: Member, key: str) -> SignUp | None:
    found = list(
        SignUp.objects.filter(
            Q(request_key=key) | Q(activity=activity, member=member, status__in=LIVE_SIGNUP_STATUSES)
        ).order_by("-pk")[:2]
    )
    for row in found:
        if row.request_key == key and (row.activity_id != activity.pk or row.member_id != member.pk):
            raise ValidationError({"request_key": _("该请求编号已用于其他报名。")}, code="request_key")
    return found[0] if found else None


def open_signups(member: Member) -> int:
    """The member's live sign-ups of activities not yet started (the per-member limit counts these)."""
    return SignUp.objects.filter(
        member=member, status__in=(S.CONFIRMED, S.WAITING), activity__starts_at__gt=timezone.now()
    ).count()


def signup_create(*, actor: Actor, activity: Activity, member: Member, request_key: object) -> Signed:
    """Sign ``member`` up (by the member, or staff on their behalf): confirmed while places last, waiting after.
    The same request key, or a member who already holds a live sign-up, returns that sign-up."""
    on_behalf = _authorize_member(actor, member, activity)
    user = access.require_user(actor)
    key = clean_request_key(request_key)
    if not member.unit.path.startswith(activity.unit.path) or activity.status == A.DRAFT:
        raise access.NotVisible
    found = _existing(activity, member, key)
    if found is not None:
        return Signed(found, created=False)
    if member.status not in HOLDING:
        raise ValidationError(_("会籍状态不能报名。"), code="member")
    if not signup_window_open(activity):
        raise ValidationError(_("该活动当前不在报名时间内。"), code="closed")
    trace = audience_trace(activity, member)
    if not trace["ok"]:
        raise ValidationError(
            _("本活动仅限%(who)s报名。") % {"who": ActivityAudience(activity.audience).label}, code="audience"
        )
    limit = policy_get("worker_services.open_signups_max", activity.unit)
    trace["limit"] = int(limit.value)
    trace["limit_record"] = limit.record.pk if limit.record else None
    try:
        with transaction.atomic():
            # From here to the commit the activity row is held (the rush's arrival number): a few statements only.
            seq = rush.take_number(Activity, activity.pk, "signup_seq")
            Member.objects.select_for_update(of=("self",)).filter(pk=member.pk).first()
            if open_signups(member) >= int(limit.value):
                raise ValidationError(
                    _("您已有 %(n)d 项未开始的活动报名，达到上限。") % {"n": int(limit.value)}, code="limit"
                )
            if activity.places is None:
                _count_unlimited(activity)
                confirmed = True
            else:
                confirmed = rush.take_place(Activity, [activity.pk], used="booked", reserved="reserved") is not None
            signup = SignUp.objects.create(
                activity=activity,
                member=member,
                unit=member.unit,
                status=S.CONFIRMED if confirmed else S.WAITING,
                seq=seq,
                wait_seq=None if confirmed else seq,
                request_key=key,
                trace=trace,
                signed_by=user,
            )
            _event(activity, "sign_up", "", signup.status, user, signup)
            if on_behalf:  # a member's own sign-up is recorded by the row and its event; staff acts are audited
                audit_record(
                    actor=actor,
                    action="worker_services.signup_create",
                    target=signup,
                    target_repr=f"{activity.title} · {mask_name(member.name)}",
                    unit=member.unit,
                    data={"activity": activity.pk, "status": signup.status, "seq": seq},
                )
    except IntegrityError:
        found = _existing(activity, member, key)
        if found is None:
            raise
        return Signed(found, created=False)
    return Signed(signup, created=True)


def _count_unlimited(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(booked=F("booked") + 1)


def cancel_deadline(activity: Activity) -> datetime:
    hours = int(policy_get("worker_services.cancel_deadline_hours", activity.unit).value)
    return activity.starts_at - timedelta(hours=hours)


def signup_cancel(*, actor: Actor, signup: SignUp, reason: str = "") -> SignUp:
    """Cancel a confirmed or waiting sign-up (the member by the deadline; staff at any time before the end); a freed
    place goes to the waiting list."""
    activity = signup.activity
    on_behalf = _authorize_member(actor, signup.member, activity)
    user = access.require_user(actor)
    reason = " ".join((reason or "").replace("\x00", "").split())[:200]
    if not on_behalf and timezone.now() > cancel_deadline(activity):
        raise ValidationError(
            _("已过取消截止时间（%(t)s），请联系主办工会。")
            % {"t": timezone.localtime(cancel_deadline(activity)).strftime("%Y-%m-%d %H:%M")},
            code="deadline",
        )
    with transaction.atomic():
        activity = _lock(activity)
        signup = SignUp.objects.select_for_update(of=("self",)).select_related("member").get(pk=signup.pk)
        if not SIGNUP_MACHINE.allows(signup.status, "cancel"):
            raise ValidationError(_("报名当前为“%(s)s”，不能取消。") % {"s": signup.get_status_display()}, code="stale")
        before = signup.status
        _set_cancelled(activity, signup, reason or (_("工会取消") if on_behalf else _("本人取消")), user)
        audit_record(
            actor=actor,
            action="worker_services.signup_cancel",
            target=signup,
            target_repr=f"{activity.title} · {mask_name(signup.member.name)}",
            unit=signup.unit,
            data={"activity": activity.pk, "from": before, "on_behalf": on_behalf},
        )
        if before == S.CONFIRMED and activity.status == A.PUBLISHED:
            promote_waiting(activity=activity, actor=actor)
    return signup


def _set_cancelled(activity: Activity, signup: SignUp, reason: str, user: Any) -> None:
    before = signup.status
    SIGNUP_MACHINE.move(signup, "cancel")
    if before == S.CONFIRMED:
        rush.release_place(Activity, activity.pk, used="booked")
        activity.booked = max(activity.booked - 1, 0)
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    _event(activity, "cancel", before, S.CANCELLED, user, signup, comment=reason)


def promote_waiting(*, activity: Activity, actor: Actor) -> list[SignUp]:
    """Give free places to waiting members in waiting order (inside the caller's transaction, which holds the
    activity row)."""
    user = access.user_of(actor)
    promoted: list[SignUp] = []
    waiting = SignUp.objects.filter(activity=activity, status=S.WAITING).select_related("member__user")
    for signup in waiting.order_by("wait_seq")[:PROMOTE_SCAN]:
        if activity.places is not None:
            if rush.take_place(Activity, [activity.pk], used="booked", reserved="reserved") is None:
                break
        else:
            _count_unlimited(activity)
        activity.booked += 1
        SIGNUP_MACHINE.move(signup, "promote")
        signup.promoted_at = timezone.now()
        signup.save(update_fields=["status", "promoted_at"])
        _event(activity, "promote", S.WAITING, S.CONFIRMED, user, signup)
        audit_record(
            actor=actor,
            action="worker_services.signup_promote",
            target=signup,
            target_repr=f"{activity.title} · {mask_name(signup.member.name)}",
            unit=signup.unit,
            data={"activity": activity.pk},
        )
        _notify(
            signup,
            title=_("候补成功：%(title)s") % {"title": activity.title},
            body=_("有名额空出，您已由候补转为报名成功，请按时参加。"),
            key=f"worker_services.signup_promote:{signup.pk}",
        )
        promoted.append(signup)
    return promoted


ACTIVITY_CATEGORY = "worker_services.activities"
CATEGORIES = [
    Category(
        ACTIVITY_CATEGORY,
        gettext_lazy("服务活动"),
        gettext_lazy("候补转为报名成功、活动取消"),
        sms_default=True,
        order=60,
    ),
]


def _notify(signup: SignUp, *, title: str, body: str, key: str) -> None:
    """Tell the member of ``signup`` (their inbox, and the SMS their preference asks for) in the caller's
    transaction; a member without a portal account gets the SMS on the roster's phone."""
    member = signup.member
    with platform_language():
        notify(
            user=member.user,
            category=ACTIVITY_CATEGORY,
            title=title,
            body=body,
            url=reverse("worker_services_portal:activity_detail", args=[signup.activity_id]),
            key=key,
            phone=member.phone or "",
        )


# --- check-in ------------------------------------------------------------------------------------------------------


def _check_in(actor: Actor, activity: Activity, signup: SignUp, method: str) -> SignUp:
    user = access.require_user(actor)
    if activity.status not in (A.PUBLISHED, A.CLOSED):
        raise ValidationError(_("活动当前为“%(s)s”，不能签到。") % {"s": activity.get_status_display()}, code="stale")
    if timezone.localdate() < timezone.localdate(activity.starts_at):
        raise ValidationError(_("活动当天方可签到。"), code="early")
    with transaction.atomic():
        signup = SignUp.objects.select_for_update(of=("self",)).select_related("member").get(pk=signup.pk)
        if signup.status == S.CHECKED_IN:
            return signup  # the same card scanned twice, or ticked after a scan: once
        if signup.status == S.WAITING:
            raise ValidationError({"code": _("持证人在候补名单中，尚未报名成功。")}, code="waiting")
        if not SIGNUP_MACHINE.allows(signup.status, "check_in"):
            raise ValidationError(_("报名当前为“%(s)s”，不能签到。") % {"s": signup.get_status_display()}, code="stale")
        SIGNUP_MACHINE.move(signup, "check_in")
        signup.checked_in_at = timezone.now()
        signup.check_in_method = method
        signup.save(update_fields=["status", "checked_in_at", "check_in_method"])
        _event(activity, "check_in", S.CONFIRMED, S.CHECKED_IN, user, signup, comment=method)
        audit_record(
            actor=actor,
            action="worker_services.signup_check_in",
            target=signup,
            target_repr=f"{activity.title} · {mask_name(signup.member.name)}",
            unit=signup.unit,
            data={"activity": activity.pk, "method": method},
        )
    return signup


def checkin_from_list(*, actor: Actor, signup: SignUp) -> SignUp:
    """Ticked on the list by the desk (idempotent)."""
    _require_manage(actor, signup.activity.unit)
    return _check_in(actor, signup.activity, signup, "list")


def checkin_by_code(*, actor: Actor, activity: Activity, code: str) -> SignUp:
    """Checked in by the member card's live QR code (scanned or pasted: the code or its verification address)."""
    _require_manage(actor, activity.unit)
    token = (code or "").strip().rstrip("/").rsplit("/", 1)[-1]
    member = card_member_for_token(token=token)
    if member is None:
        raise ValidationError({"code": _("会员证二维码无效、已过期或已作废，请刷新后重新出示。")}, code="card")
    signup = (
        SignUp.objects.filter(activity=activity, member=member, status__in=LIVE_SIGNUP_STATUSES + (S.NO_SHOW,))
        .order_by("-pk")
        .first()
    )
    if signup is None:
        raise ValidationError({"code": _("持证人没有报名本活动。")}, code="not_signed_up")
    return _check_in(actor, activity, signup, "qr")
