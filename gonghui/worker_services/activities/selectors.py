"""Reads of services and activities: the console's lists (scoped to the actor's subtree), an activity's sign-ups,
the portal's open activities (only those the worker may join) and the worker's own sign-ups, and the one explicit
"completed" read other modules (ratings) may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.members.models import Member
from gonghui.members.roster.selectors import HOLDING, my_member
from gonghui.worker_services.activities.services import (
    audience_trace,
    cancel_deadline,
    signup_window_open,
    waiting_position,
)
from gonghui.worker_services.models import (
    LIVE_SIGNUP_STATUSES,
    Activity,
    ActivityEvent,
    ActivityStatus,
    Partner,
    PartnerVerifier,
    SignUp,
    SignUpStatus,
)
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES

A = ActivityStatus
S = SignUpStatus


def _as_int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise access.NotVisible from None


def activity_list(
    *, actor: Actor, q: str = "", status: str = "", category: str = "", unit_path: str = ""
) -> QuerySet[Activity]:
    qs = access.scope(Activity.objects.select_related("unit"), actor, VIEW_ACTIVITIES)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q))
    if status in A.values:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if unit_path:
        qs = qs.filter(unit__path__startswith=unit_path)
    return qs


def activity_status_counts(*, actor: Actor) -> dict[str, int]:
    rows = access.scope(Activity.objects.all(), actor, VIEW_ACTIVITIES).values("status").annotate(n=Count("id"))
    counts = {s: 0 for s in A.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def activity_get(*, actor: Actor, activity_id: object) -> Activity:
    try:
        activity = Activity.objects.select_related("unit", "created_by").get(pk=_as_int(activity_id))
    except Activity.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_ACTIVITIES, activity.unit)
    return activity


def can_manage(*, actor: Actor, activity: Activity) -> bool:
    return access.check(actor, MANAGE_ACTIVITIES, activity.unit)


def activity_events(*, activity: Activity) -> QuerySet[ActivityEvent]:
    return ActivityEvent.objects.filter(activity=activity, signup__isnull=True).select_related("actor")


def signup_list(*, actor: Actor, activity: Activity, status: str = "", q: str = "") -> QuerySet[SignUp]:
    """The activity's sign-ups of members in the actor's scope (an activity of the province shows a district's
    staff their own members only)."""
    qs = access.scope(SignUp.objects.filter(activity=activity).select_related("member", "unit"), actor, VIEW_ACTIVITIES)
    if status in S.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(member__member_no=q))
    return qs


def signup_status_counts(*, actor: Actor, activity: Activity) -> dict[str, int]:
    rows = signup_list(actor=actor, activity=activity).values("status").annotate(n=Count("id")).order_by()
    counts = {s: 0 for s in S.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def signup_get(*, actor: Actor, signup_id: object) -> SignUp:
    try:
        signup = SignUp.objects.select_related("activity", "activity__unit", "member", "unit").get(
            pk=_as_int(signup_id)
        )
    except SignUp.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_ACTIVITIES, signup.unit)
    return signup


# --- portal --------------------------------------------------------------------------------------------------------


def _open_for(member: Member) -> QuerySet[Activity]:
    now = timezone.now()
    return (
        Activity.objects.filter(
            status=A.PUBLISHED,
            unit__path__in=member.unit.ancestor_paths(),
            signup_closes_at__gt=now,
            starts_at__gt=now,
        )
        .select_related("unit")
        .order_by("starts_at", "pk")
    )


def open_activities(*, actor: Actor) -> list[Activity]:
    """Published activities of the worker's unions whose sign-up has not closed and whose audience holds them."""
    member = my_member(actor=actor)
    if member is None:
        return []
    return [a for a in _open_for(member)[:200] if audience_trace(a, member)["ok"]]


_TILE_MEMO = "_worker_services_tiles"


def service_tiles(user: Any) -> tuple[bool, bool]:
    """``(activities, partners)``: whether the worker has a published activity of one of their unions still open for
    sign-up or a sign-up of their own, and whether a benefits partner of their unions is in force or they verify
    for one. One query for both portal tiles (the portal home's budget), memoized on the user object for the
    request; the audience is not asked here, the list page asks it."""
    if not getattr(user, "is_authenticated", False):
        return (False, False)
    memo = getattr(user, _TILE_MEMO, None)
    if memo is not None:
        return memo
    now = timezone.now()
    today = timezone.localdate(now)

    def holder() -> Any:
        return Member.objects.filter(
            user_id=OuterRef(OuterRef("pk")), status__in=HOLDING, unit__path__startswith=OuterRef("unit__path")
        )

    activities = Activity.objects.annotate(
        has_member=Exists(holder()),
        has_signup=Exists(SignUp.objects.filter(activity_id=OuterRef("pk"), member__user_id=OuterRef(OuterRef("pk")))),
    ).filter(Q(status=A.PUBLISHED, signup_closes_at__gt=now, starts_at__gt=now, has_member=True) | Q(has_signup=True))
    in_force = Q(active=True, valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    partners = Partner.objects.annotate(
        has_member=Exists(holder()),
        verifies=Exists(
            PartnerVerifier.objects.filter(
                partner_id=OuterRef("pk"), user_id=OuterRef(OuterRef("pk")), removed_at__isnull=True
            )
        ),
    ).filter((in_force & Q(has_member=True)) | Q(verifies=True))
    row = (
        User.objects.filter(pk=user.pk).annotate(a=Exists(activities), p=Exists(partners)).values_list("a", "p").first()
    )
    flags = (bool(row[0]), bool(row[1])) if row else (False, False)
    setattr(user, _TILE_MEMO, flags)
    return flags


def has_activities(user: Any) -> bool:
    """A portal tile's ``when`` (see :func:`service_tiles`)."""
    return service_tiles(user)[0]


@dataclass(frozen=True)
class MyActivity:
    activity: Activity
    member: Member
    signup: SignUp | None
    position: int | None
    can_sign_up: bool
    can_cancel: bool


def my_activity(*, actor: Actor, activity_id: object) -> MyActivity:
    """An activity the worker may see (published or later, of their unions, in its audience or signed up)."""
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    try:
        activity = Activity.objects.select_related("unit").get(
            pk=_as_int(activity_id), unit__path__in=member.unit.ancestor_paths()
        )
    except Activity.DoesNotExist:
        raise access.NotVisible from None
    mine = SignUp.objects.filter(activity=activity, member=member)
    live = mine.filter(status__in=LIVE_SIGNUP_STATUSES).first()
    signup = live or mine.order_by("-pk").first()
    if activity.status == A.DRAFT or (signup is None and not audience_trace(activity, member)["ok"]):
        raise access.NotVisible
    now = timezone.now()
    return MyActivity(
        activity=activity,
        member=member,
        signup=signup,
        position=waiting_position(signup) if signup is not None else None,
        can_sign_up=live is None and signup_window_open(activity, now=now),
        can_cancel=live is not None and live.status in (S.CONFIRMED, S.WAITING) and now <= cancel_deadline(activity),
    )


def my_signups(*, actor: Actor) -> list[tuple[SignUp, int | None]]:
    """The worker's sign-ups, newest activity first, each with its waiting position."""
    member = my_member(actor=actor)
    if member is None:
        return []
    rows = list(
        SignUp.objects.filter(member=member)
        .select_related("activity", "activity__unit")
        .order_by("-activity__starts_at", "-pk")[:100]
    )
    return [(s, waiting_position(s)) for s in rows]


def my_signup_get(*, actor: Actor, signup_id: object) -> SignUp:
    try:
        signup = SignUp.objects.select_related("activity", "activity__unit", "member").get(pk=_as_int(signup_id))
    except SignUp.DoesNotExist:
        raise access.NotVisible from None
    if signup.member.user_id is None or not access.is_self(actor, signup.member.user_id):
        raise access.NotVisible
    return signup


# --- for other modules ---------------------------------------------------------------------------------------------


def completed_signups(*, member: Member) -> QuerySet[SignUp]:
    """The member's sign-ups of activities they took part in (status ``completed``, set when the activity is
    finished): what a rating of a completed service may be about."""
    return SignUp.objects.filter(member=member, status=S.COMPLETED).select_related("activity")


def live_signup_count(*, activity: Activity) -> int:
    return SignUp.objects.filter(activity=activity, status__in=LIVE_SIGNUP_STATUSES).count()
