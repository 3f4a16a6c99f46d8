"""Retirees' clubs (退休职工社团): clubs of a union, their members and activities.

A club belongs to a union and is open to the retired members (status ``retired`` in the roster) of that union's
subtree. Staff holding ``retirees.manage_clubs`` at the club's union keep the club, add and remove members, plan
activities and record attendance. A retired member joins an open club and leaves it from the portal, and signs up
for a planned activity of a club they belong to (once: the row is unique per activity and member, so a double click
or two devices sign up once), within its capacity (the activity row is locked while the places are counted), and
cancels before it starts.

Activities move planned → done (attendance recorded) or cancelled; sign-ups move signed ⇄ cancelled; every move
goes through a state machine and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine
from gonghui.members.models import Member, MemberStatus
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit, UnitStatus
from gonghui.retirees.models import (
    ActivitySignup,
    ActivityStatus,
    Club,
    ClubActivity,
    ClubKind,
    ClubMember,
    SignupStatus,
)
from gonghui.retirees.permissions import MANAGE_CLUBS, VIEW_RETIREES

A = ActivityStatus
ACTIVITY = StateMachine.of_actions(
    {"record": ((A.PLANNED,), A.DONE), "cancel": ((A.PLANNED,), A.CANCELLED)},
    refusal=lambda status, action: ValidationError(
        _("活动当前为“%(status)s”，不能执行该操作。") % {"status": ActivityStatus(status).label}, code="stale"
    ),
)
SIGNUP = StateMachine.of_actions(
    {
        "cancel": ((SignupStatus.SIGNED,), SignupStatus.CANCELLED),
        "sign": ((SignupStatus.CANCELLED,), SignupStatus.SIGNED),
    },
    refusal=lambda status, action: ValidationError(
        _("报名当前为“%(status)s”，不能执行该操作。") % {"status": SignupStatus(status).label}, code="stale"
    ),
)


def text(value: str, *, field: str, label: Any, limit: int, required: bool = False) -> str:
    cleaned = " ".join((value or "").replace("\x00", "").split())
    if required and not cleaned:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(cleaned) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return cleaned


def is_retiree_of(member: Member, unit: OrgUnit) -> bool:
    """Whether ``member`` is a retired member of ``unit``'s subtree."""
    return member.status == MemberStatus.RETIRED and member.unit.path.startswith(unit.path)


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_RETIREES, perm=MANAGE_CLUBS, unit=unit)


def _audit(actor: Actor | None, action: str, target: Any, unit: OrgUnit, repr_: str, **data: Any) -> None:
    audit_record(
        actor=actor, action=f"retirees.{action}", target=target, target_repr=repr_, unit=unit, data=data or None
    )


def my_retiree(actor: Actor) -> Member:
    """The signed-in worker's own membership, when retired; 404 otherwise (the pages are a retiree's)."""
    member = my_member(actor=actor)
    if member is None or member.status != MemberStatus.RETIRED:
        raise access.NotVisible
    return member


# --- clubs --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClubInput:
    name: str
    kind: str
    description: str = ""
    leader: Member | None = None
    open_to_join: bool = True
    is_active: bool = True


def club_save(*, actor: Actor, unit: OrgUnit | None = None, data: ClubInput, club: Club | None = None) -> Club:
    """Create a club of ``unit`` or change ``club``; the leader must be a retiree of the club's subtree."""
    if club is not None:
        unit = club.unit
    if unit is None:
        raise ValidationError({"unit": _("请选择工会。")}, code="unit")
    _require_manage(actor, unit)
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError({"unit": _("该工会已不在运行，不能新建社团。")}, code="unit")
    name = text(data.name, field="name", label=_("社团名称"), limit=60, required=True)
    if data.kind not in ClubKind.values:
        raise ValidationError({"kind": _("请选择社团类别。")}, code="kind")
    description = text(data.description, field="description", label=_("简介"), limit=1000)
    if data.leader is not None and not is_retiree_of(data.leader, unit):
        raise ValidationError({"leader": _("负责人须为本工会及下级工会的退休职工。")}, code="leader")
    clash = Club.objects.filter(unit=unit, name=name)
    if club is not None:
        clash = clash.exclude(pk=club.pk)
    with transaction.atomic():
        if clash.exists():
            raise ValidationError({"name": _("本工会已有同名社团。")}, code="duplicate")
        created = club is None
        if club is None:
            club = Club(unit=unit)
        else:
            club = Club.objects.select_for_update().get(pk=club.pk)
        club.name, club.kind, club.description = name, data.kind, description
        club.leader, club.open_to_join, club.is_active = data.leader, bool(data.open_to_join), bool(data.is_active)
        club.save()
        if data.leader is not None:
            _enrol(club, data.leader, by_self=False)
        _audit(actor, "club_create" if created else "club_update", club, unit, club.name, kind=club.kind)
    return club


def _enrol(club: Club, member: Member, *, by_self: bool) -> tuple[ClubMember, bool]:
    """The member's row in the club, reopened if they had left: ``(row, changed)``."""
    row = ClubMember.objects.select_for_update().filter(club=club, member=member).first()
    if row is not None:
        if row.left_at is None:
            return row, False
        row.left_at, row.joined_on, row.by_self = None, timezone.localdate(), by_self
        row.save(update_fields=["left_at", "joined_on", "by_self"])
        return row, True
    try:
        with transaction.atomic():
            return ClubMember.objects.create(
                club=club, member=member, joined_on=timezone.localdate(), by_self=by_self
            ), True
    except IntegrityError:  # a concurrent join of the same member won the insert
        return ClubMember.objects.get(club=club, member=member), False


def club_member_add(*, actor: Actor, club: Club, member: Member) -> ClubMember:
    """Staff add a retiree of the club's subtree to the club (adding twice changes nothing)."""
    _require_manage(actor, club.unit)
    if not is_retiree_of(member, club.unit):
        raise ValidationError({"member": _("只能添加本工会及下级工会的退休职工。")}, code="member")
    with transaction.atomic():
        row, changed = _enrol(club, member, by_self=False)
        if changed:
            _audit(actor, "club_member_add", club, club.unit, club.name, member=member.pk)
    return row


def club_member_remove(*, actor: Actor, club: Club, member: Member) -> None:
    _require_manage(actor, club.unit)
    with transaction.atomic():
        if _leave(club, member):
            _audit(actor, "club_member_remove", club, club.unit, club.name, member=member.pk)


def _leave(club: Club, member: Member) -> bool:
    return bool(
        ClubMember.objects.filter(club=club, member=member, left_at__isnull=True).update(left_at=timezone.now())
    )


def may_join(member: Member, club: Club) -> bool:
    return club.is_active and club.open_to_join and is_retiree_of(member, club.unit)


def club_join(*, actor: Actor, club: Club) -> ClubMember:
    """The signed-in retiree joins an open club of their union or a union above it (twice: once)."""
    member = my_retiree(actor)
    if not may_join(member, club):
        raise access.NotVisible
    with transaction.atomic():
        row, changed = _enrol(club, member, by_self=True)
        if changed:
            _audit(actor, "club_join", club, club.unit, club.name)
    return row


def club_leave(*, actor: Actor, club: Club) -> None:
    member = my_retiree(actor)
    with transaction.atomic():
        if _leave(club, member):
            _audit(actor, "club_leave", club, club.unit, club.name)


def is_club_member(member: Member, club: Club) -> bool:
    return ClubMember.objects.filter(club=club, member=member, left_at__isnull=True).exists()


# --- activities ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityInput:
    title: str
    starts_at: datetime
    place: str
    capacity: int | None = None
    description: str = ""


def activity_create(*, actor: Actor, club: Club, data: ActivityInput) -> ClubActivity:
    _require_manage(actor, club.unit)
    title = text(data.title, field="title", label=_("活动名称"), limit=80, required=True)
    place = text(data.place, field="place", label=_("地点"), limit=120, required=True)
    description = text(data.description, field="description", label=_("说明"), limit=1000)
    if data.starts_at is None:
        raise ValidationError({"starts_at": _("请填写开始时间。")}, code="starts_at")
    if data.capacity is not None and not 1 <= int(data.capacity) <= 10000:
        raise ValidationError({"capacity": _("名额须为 1 至 10000 人；不限名额请留空。")}, code="capacity")
    with transaction.atomic():
        activity = ClubActivity.objects.create(
            club=club,
            title=title,
            starts_at=data.starts_at,
            place=place,
            capacity=data.capacity,
            description=description,
            created_by=access.require_user(actor),
        )
        _audit(actor, "activity_create", activity, club.unit, f"{club.name}：{title}")
    return activity


def _lock_activity(activity: ClubActivity) -> ClubActivity:
    return ClubActivity.objects.select_for_update(of=("self",)).select_related("club__unit").get(pk=activity.pk)


def signed_count(activity: ClubActivity) -> int:
    return ActivitySignup.objects.filter(activity=activity, status=SignupStatus.SIGNED).count()


def activity_signup(
    *, actor: Actor, activity: ClubActivity, now: datetime | None = None
) -> tuple[ActivitySignup, bool]:
    """The signed-in retiree signs up for a planned, future activity of a club they belong to: ``(signup,
    created)``. Signing up again (a double click, another device) returns the same sign-up."""
    member = my_retiree(actor)
    club = activity.club
    if not is_club_member(member, club):
        raise access.NotVisible
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock_activity(activity)
        found = ActivitySignup.objects.filter(activity=locked, member=member).first()
        if found is not None and found.status == SignupStatus.SIGNED:
            return found, False
        if locked.status != A.PLANNED or locked.starts_at <= moment:
            raise ValidationError(_("活动已开始、已举办或已取消，不能报名。"), code="closed")
        if locked.capacity is not None and signed_count(locked) >= locked.capacity:
            raise ValidationError(_("名额已满。"), code="full")
        if found is not None:
            SIGNUP.move(found, "sign")
            found.save(update_fields=["status"])
            signup = found
        else:
            signup = ActivitySignup.objects.create(activity=locked, member=member)
        _audit(actor, "activity_signup", locked, club.unit, f"{club.name}：{locked.title}", member=member.pk)
    return signup, True


def activity_signup_cancel(*, actor: Actor, activity: ClubActivity, now: datetime | None = None) -> ActivitySignup:
    """The retiree cancels their sign-up before the activity starts."""
    member = my_retiree(actor)
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _lock_activity(activity)
        signup = ActivitySignup.objects.select_for_update().filter(activity=locked, member=member).first()
        if signup is None:
            raise access.NotVisible
        if locked.status != A.PLANNED or locked.starts_at <= moment:
            raise ValidationError(_("活动已开始、已举办或已取消，不能取消报名。"), code="closed")
        SIGNUP.move(signup, "cancel")
        signup.save(update_fields=["status"])
        _audit(actor, "activity_signup_cancel", locked, locked.club.unit, locked.title, member=member.pk)
    return signup


def activity_record(*, actor: Actor, activity: ClubActivity, attended: list[int], extra: int = 0) -> ClubActivity:
    """Record that a planned activity took place: who of those signed up attended (member ids) and how many came
    without signing up (``extra``)."""
    _require_manage(actor, activity.club.unit)
    if not isinstance(extra, int) or not 0 <= extra <= 10000:
        raise ValidationError({"extra": _("未报名到场人数须为 0 至 10000。")}, code="extra")
    with transaction.atomic():
        locked = _lock_activity(activity)
        ACTIVITY.move(locked, "record")
        present = set(attended)
        signups = list(ActivitySignup.objects.filter(activity=locked, status=SignupStatus.SIGNED))
        for s in signups:
            s.attended = s.member_id in present
        ActivitySignup.objects.bulk_update(signups, ["attended"])
        locked.attendance_count = sum(1 for s in signups if s.attended) + extra
        locked.save(update_fields=["status", "attendance_count"])
        _audit(actor, "activity_record", locked, locked.club.unit, locked.title, attendance=locked.attendance_count)
    return locked


def activity_cancel(*, actor: Actor, activity: ClubActivity, reason: str) -> ClubActivity:
    _require_manage(actor, activity.club.unit)
    reason = text(reason, field="reason", label=_("取消原因"), limit=300, required=True)
    with transaction.atomic():
        locked = _lock_activity(activity)
        ACTIVITY.move(locked, "cancel")
        locked.save(update_fields=["status"])
        _audit(actor, "activity_cancel", locked, locked.club.unit, locked.title, reason=reason)
    return locked


def today() -> date:
    return timezone.localdate()
