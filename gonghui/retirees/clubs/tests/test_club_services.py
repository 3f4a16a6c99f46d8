"""Retirees' clubs, the services: who may keep a club, its members and activities (the matrix); a retiree joins an
open club of their subtree only; sign-up once (a double call returns the same sign-up), within capacity, only for
club members and before the start; cancel and sign up again; attendance recorded once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.testing import service_matrix
from gonghui.retirees.clubs import selectors, services
from gonghui.retirees.models import ActivitySignup, ActivityStatus, Club, ClubActivity, ClubMember, SignupStatus
from gonghui.retirees.permissions import MANAGE_CLUBS, VIEW_RETIREES
from gonghui.retirees.tests import factories as f

pytestmark = pytest.mark.django_db


def test_club_save_matrix_and_rules(world):
    leader = f.retiree(world)
    service_matrix(
        world,
        MANAGE_CLUBS,
        lambda actor, w: services.club_save(
            actor=actor, unit=w.target, data=services.ClubInput(name="合唱团", kind="choir", leader=leader)
        ),
        state=lambda w: Club.objects.count(),
        view_perm=VIEW_RETIREES,
    )
    staff = f.staff(world)
    club = services.club_save(
        actor=staff, unit=world.target, data=services.ClubInput(name=" 合唱团 ", kind="choir", leader=leader)
    )
    assert (club.name, club.leader) == ("合唱团", leader)
    assert ClubMember.objects.filter(club=club, member=leader, left_at__isnull=True).exists()  # the leader is a member
    with pytest.raises(ValidationError):
        services.club_save(actor=staff, unit=world.target, data=services.ClubInput(name="合唱团", kind="choir"))
    outsider = f.retiree(world, unit=world.sibling)
    with pytest.raises(ValidationError):
        services.club_save(
            actor=staff, unit=world.target, data=services.ClubInput(name="门球队", kind="gateball", leader=outsider)
        )
    active = f.retiree(world, status="active")
    with pytest.raises(ValidationError):
        services.club_save(
            actor=staff, unit=world.target, data=services.ClubInput(name="门球队", kind="gateball", leader=active)
        )


def test_member_add_matrix_and_subtree(world):
    club = f.club(world)
    member = f.retiree(world)
    service_matrix(
        world,
        MANAGE_CLUBS,
        lambda actor, w: services.club_member_add(actor=actor, club=club, member=member),
        state=lambda w: ClubMember.objects.count(),
        view_perm=VIEW_RETIREES,
    )
    with pytest.raises(ValidationError):
        services.club_member_add(actor=f.staff(world), club=club, member=f.retiree(world, unit=world.sibling))


def test_retiree_joins_open_club_of_their_subtree_once(world):
    member = f.retiree(world)
    club = f.club(world)
    services.club_join(actor=f.u(member), club=club)
    services.club_join(actor=f.u(member), club=club)
    assert ClubMember.objects.filter(club=club, member=member).count() == 1
    assert list(selectors.my_clubs(actor=f.u(member))) == [club]
    assert club not in selectors.joinable_clubs(actor=f.u(member))
    services.club_leave(actor=f.u(member), club=club)
    assert club in selectors.joinable_clubs(actor=f.u(member))
    # A club of a sibling union, or a closed one, is not theirs to join; an active (not retired) member has no pages.
    sibling_club = f.club(world, unit=world.sibling, name="兄弟社团")
    with pytest.raises(access.NotVisible):
        services.club_join(actor=f.u(member), club=sibling_club)
    club.open_to_join = False
    club.save()
    with pytest.raises(access.NotVisible):
        services.club_join(actor=f.u(member), club=club)
    worker = f.retiree(world, status="active")
    with pytest.raises(access.NotVisible):
        services.club_join(actor=f.u(worker), club=f.club(world, name="开放社团"))


def test_signup_once_within_capacity_before_start(world):
    a, b, c = (f.retiree(world) for _ in range(3))
    club = f.club(world, members=(a, b))
    activity = f.activity(club, capacity=1)
    first, created = services.activity_signup(actor=f.u(a), activity=activity)
    again, created_again = services.activity_signup(actor=f.u(a), activity=activity)
    assert (created, created_again, first.pk) == (True, False, again.pk)
    with pytest.raises(ValidationError) as full:
        services.activity_signup(actor=f.u(b), activity=activity)
    assert full.value.code == "full"
    with pytest.raises(access.NotVisible):  # not a member of the club
        services.activity_signup(actor=f.u(c), activity=activity)
    services.activity_signup_cancel(actor=f.u(a), activity=activity)
    services.activity_signup(actor=f.u(b), activity=activity)
    assert ActivitySignup.objects.filter(activity=activity, status=SignupStatus.SIGNED).count() == 1
    with pytest.raises(ValidationError):  # the place went to b
        services.activity_signup(actor=f.u(a), activity=activity)
    started = f.activity(club, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.activity_signup(actor=f.u(a), activity=started)


def test_activity_create_and_record_matrix(world):
    club = f.club(world)
    start = timezone.now() + timedelta(days=3)
    service_matrix(
        world,
        MANAGE_CLUBS,
        lambda actor, w: services.activity_create(
            actor=actor, club=club, data=services.ActivityInput(title="笔会", starts_at=start, place="活动室")
        ),
        state=lambda w: ClubActivity.objects.count(),
        view_perm=VIEW_RETIREES,
    )
    a, b = f.retiree(world), f.retiree(world)
    club_ = f.club(world, name="太极队", members=(a, b))
    activity = f.activity(club_)
    services.activity_signup(actor=f.u(a), activity=activity)
    services.activity_signup(actor=f.u(b), activity=activity)
    service_matrix(
        world,
        MANAGE_CLUBS,
        lambda actor, w: services.activity_record(actor=actor, activity=activity, attended=[a.pk], extra=2),
        state=lambda w: ClubActivity.objects.get(pk=activity.pk).status,
        view_perm=VIEW_RETIREES,
    )
    done = services.activity_record(actor=f.staff(world), activity=activity, attended=[a.pk], extra=2)
    assert (done.status, done.attendance_count) == (ActivityStatus.DONE, 3)
    assert dict(ActivitySignup.objects.filter(activity=activity).values_list("member_id", "attended")) == {
        a.pk: True,
        b.pk: False,
    }
    with pytest.raises(ValidationError):
        services.activity_record(actor=f.staff(world), activity=activity, attended=[])
    with pytest.raises(ValidationError):  # no sign-up after the activity took place
        services.activity_signup_cancel(actor=f.u(a), activity=activity)
