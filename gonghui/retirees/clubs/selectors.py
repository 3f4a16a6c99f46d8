"""Reads of retirees' clubs: staff by their scope (``retirees.view_retirees`` at the club's union), a retiree their
own clubs, the clubs they may join and the activities of their clubs."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member_memoized
from gonghui.orgs.models import OrgUnit
from gonghui.retirees.clubs.services import my_retiree
from gonghui.retirees.models import ActivitySignup, ActivityStatus, Club, ClubActivity, ClubMember, SignupStatus
from gonghui.retirees.permissions import VIEW_RETIREES

SORTS = {"name": "name", "-members": "-member_count", "unit": "unit__path"}


def _pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def club_list(*, actor: Actor, unit: OrgUnit | None = None, q: str = "", kind: str = "") -> QuerySet[Club]:
    qs = access.scope(Club.objects.select_related("unit", "leader"), actor, VIEW_RETIREES)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(name__icontains=q)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True), distinct=True)
    ).order_by("name", "pk")


def club_get(*, actor: Actor, retiree_club_id: int | str) -> Club:
    club = Club.objects.select_related("unit", "leader").filter(pk=_pk(retiree_club_id)).first()
    if club is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RETIREES, club.unit)
    return club


def club_members(*, actor: Actor, club: Club) -> QuerySet[ClubMember]:
    access.require_visible(actor, VIEW_RETIREES, club.unit)
    return (
        ClubMember.objects.filter(club=club, left_at__isnull=True)
        .select_related("member__unit")
        .order_by("member__name_sort", "pk")
    )


def club_activities(*, actor: Actor, club: Club) -> QuerySet[ClubActivity]:
    access.require_visible(actor, VIEW_RETIREES, club.unit)
    return (
        ClubActivity.objects.filter(club=club)
        .annotate(signed=Count("signups", filter=Q(signups__status=SignupStatus.SIGNED)))
        .order_by("-starts_at", "-pk")
    )


def activity_get(*, actor: Actor, club_activity_id: int | str) -> ClubActivity:
    activity = ClubActivity.objects.select_related("club__unit").filter(pk=_pk(club_activity_id)).first()
    if activity is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RETIREES, activity.club.unit)
    return activity


def activity_signups(*, actor: Actor, activity: ClubActivity) -> QuerySet[ActivitySignup]:
    access.require_visible(actor, VIEW_RETIREES, activity.club.unit)
    return (
        ActivitySignup.objects.filter(activity=activity, status=SignupStatus.SIGNED)
        .select_related("member")
        .order_by("signed_at", "pk")
    )


def retirees_for_club(*, actor: Actor, club: Club, q: str) -> QuerySet[Member]:
    """Retirees of the club's subtree matching ``q`` (name or member number), for staff adding members."""
    access.require_visible(actor, VIEW_RETIREES, club.unit)
    qs = Member.objects.filter(status="retired", unit__path__startswith=club.unit.path)
    q = (q or "").strip()[:40]
    if not q:
        return qs.none()
    return qs.filter(Q(name__contains=q) | Q(member_no=q)).select_related("unit").order_by("name_sort", "pk")[:20]


# --- the retiree's own ----------------------------------------------------------------------------------------------


def my_clubs(*, actor: Actor) -> QuerySet[Club]:
    member = my_retiree(actor)
    return Club.objects.filter(memberships__member=member, memberships__left_at__isnull=True).order_by("name", "pk")


def joinable_clubs(*, actor: Actor) -> QuerySet[Club]:
    """Open, active clubs of the retiree's union and the unions above it that they are not in."""
    member = my_retiree(actor)
    path = member.unit.path
    ancestors = [path[:i] for i in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen)]
    mine = ClubMember.objects.filter(member=member, left_at__isnull=True).values("club_id")
    return (
        Club.objects.filter(unit__path__in=ancestors, is_active=True, open_to_join=True)
        .exclude(pk__in=mine)
        .select_related("unit")
        .order_by("name", "pk")
    )


def my_club_get(*, actor: Actor, retiree_club_id: int | str) -> Club:
    """A club the retiree is in or may join; 404 otherwise."""
    member = my_retiree(actor)
    club = Club.objects.select_related("unit").filter(pk=_pk(retiree_club_id)).first()
    if club is None or not member.unit.path.startswith(club.unit.path):
        raise access.NotVisible
    return club


def upcoming_activities(*, actor: Actor, now: datetime | None = None) -> QuerySet[ClubActivity]:
    """Planned activities still to come of the retiree's clubs, with their sign-up counts."""
    member = my_retiree(actor)
    mine = ClubMember.objects.filter(member=member, left_at__isnull=True).values("club_id")
    return (
        ClubActivity.objects.filter(
            club_id__in=mine, status=ActivityStatus.PLANNED, starts_at__gt=now or timezone.now()
        )
        .select_related("club")
        .annotate(signed=Count("signups", filter=Q(signups__status=SignupStatus.SIGNED)))
        .order_by("starts_at", "pk")
    )


def my_signed_ids(*, actor: Actor) -> set[int]:
    member = my_retiree(actor)
    return set(
        ActivitySignup.objects.filter(member=member, status=SignupStatus.SIGNED).values_list("activity_id", flat=True)
    )


def my_activity_get(*, actor: Actor, club_activity_id: int | str) -> ClubActivity:
    """An activity of a club the retiree is in; 404 otherwise."""
    member = my_retiree(actor)
    activity = ClubActivity.objects.select_related("club__unit").filter(pk=_pk(club_activity_id)).first()
    if (
        activity is None
        or not ClubMember.objects.filter(club=activity.club, member=member, left_at__isnull=True).exists()
    ):
        raise access.NotVisible
    return activity


def retiree_by_no(*, actor: Actor, member_no: str, statuses: tuple[str, ...] = ("retired",)) -> Member | None:
    """A member of the actor's scope (``retirees.view_retirees``) by member number, in one of ``statuses``."""
    number = (member_no or "").strip()[:24]
    if not number:
        return None
    return (
        access.scope(Member.objects.select_related("unit"), actor, VIEW_RETIREES)
        .filter(member_no=number, status__in=statuses)
        .first()
    )


_IS_RETIREE_MEMO = "_gonghui_is_retiree"


def is_retiree(user: Actor) -> bool:
    """A portal tile's ``when``: the signed-in worker is a retired member (memoized on the user for one request)."""
    memo = getattr(user, _IS_RETIREE_MEMO, None)
    if memo is None:
        # The membership the other tiles asked for on this page (memoized): no query of its own.
        member = my_member_memoized(actor=user)
        memo = member is not None and member.status == "retired"
        if user is not None:
            setattr(user, _IS_RETIREE_MEMO, memo)
    return bool(memo)
