# mypy: disable-error-code="arg-type,union-attr"
"""Activities: publication and its state machine, sign-ups (audience, window, per-member limit, deadline),
check-in by member card or list, finishing (completed / no-show), and the authorization matrix of every service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.testing import service_matrix
from gonghui.policy.models import PolicyRecord
from gonghui.worker_services.activities import selectors, services
from gonghui.worker_services.models import Activity, ActivityAudience, ActivityEvent, SignUp, SignUpStatus
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
from gonghui.worker_services.tests import factories as f

S = SignUpStatus


def clerk(world):
    return world.staff("act", world.target, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])


def test_create_validates_and_records(world):
    staff = clerk(world)
    with pytest.raises(ValidationError) as error:
        f.draft_activity(staff, world.target, category="不存在的类别", places=0)
    assert {"category", "places"} <= set(error.value.message_dict)
    activity = f.draft_activity(staff, world.target, places=3)
    assert activity.status == "draft"
    assert ActivityEvent.objects.filter(activity=activity, action="create").exists()
    bad = f.activity_input(cost="10", member_price="20")
    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=staff, unit=world.target, data=bad)
    assert "member_price" in error.value.message_dict


def test_state_machine_moves_and_refuses(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target)
    with pytest.raises(ValidationError):
        services.activity_publish(actor=staff, activity=activity)
    with pytest.raises(ValidationError) as error:
        services.activity_finish(actor=staff, activity=activity)
    assert error.value.code == "not_ended"
    services.activity_close(actor=staff, activity=activity)
    activity.refresh_from_db()
    assert activity.status == "closed"
    with pytest.raises(ValidationError):
        services.activity_cancel(actor=staff, activity=activity, reason="")


def test_cancel_cancels_every_live_signup(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target, places=1)
    a, b = f.member(world.child), f.member(world.child)
    f.sign_up(activity, a)
    f.sign_up(activity, b)
    services.activity_cancel(actor=staff, activity=activity, reason="场地维修")
    assert set(SignUp.objects.filter(activity=activity).values_list("status", flat=True)) == {S.CANCELLED}
    activity.refresh_from_db()
    assert activity.booked == 0


def test_only_members_of_the_subtree_and_the_audience(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target, audience=ActivityAudience.GIG)
    outsider = f.member(world.sibling)
    with pytest.raises(access.NotVisible):
        f.sign_up(activity, outsider)
    office = f.member(world.child, job="文员")
    with pytest.raises(ValidationError) as error:
        f.sign_up(activity, office)
    assert error.value.code == "audience"
    rider = f.member(world.child, gig_type="rider")
    signup = f.sign_up(activity, rider)
    assert signup.status == S.CONFIRMED
    assert signup.trace["ok"] is True
    assert signup.trace["gig"] is True


def test_frontline_audience_uses_the_job_words_policy(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target, audience=ActivityAudience.FRONTLINE)
    worker = f.member(world.child, job="车间操作工")
    signup = f.sign_up(activity, worker)
    assert signup.trace["word"] in ("操作", "车间")
    assert activity in selectors.open_activities(actor=worker.user)
    clerk_member = f.member(world.child, job="会计")
    assert activity not in selectors.open_activities(actor=clerk_member.user)


def test_window_refused_before_opening_and_unlimited_places(world):
    staff = clerk(world)
    later = f.published_activity(staff, world.target, opens_in=timedelta(hours=2))
    with pytest.raises(ValidationError) as error:
        f.sign_up(later, f.member(world.child))
    assert error.value.code == "closed"
    unlimited = f.published_activity(staff, world.target, places=None)
    rows = [f.sign_up(unlimited, f.member(world.child)) for _i in range(3)]
    assert {r.status for r in rows} == {S.CONFIRMED}
    unlimited.refresh_from_db()
    assert unlimited.booked == 3
    assert unlimited.free is None


def test_reserved_places_are_not_offered(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target, places=3, reserved=2)
    first, second = f.member(world.child), f.member(world.child)
    assert f.sign_up(activity, first).status == S.CONFIRMED
    assert f.sign_up(activity, second).status == S.WAITING


def test_per_member_limit_is_a_policy(world):
    staff = clerk(world)
    PolicyRecord.objects.create(
        key="worker_services.open_signups_max",
        unit=world.province,
        value=2,
        effective_from=timezone.localdate() - timedelta(days=1),
        note="测试",
        created_by=staff,
    )
    member = f.member(world.child)
    for _i in range(2):
        f.sign_up(f.published_activity(staff, world.target), member)
    with pytest.raises(ValidationError) as error:
        f.sign_up(f.published_activity(staff, world.target), member)
    assert error.value.code == "limit"


def test_cancel_deadline_for_members_not_for_staff(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target, starts_in=timedelta(hours=5))
    member = f.member(world.child)
    signup = f.sign_up(activity, member)
    with pytest.raises(ValidationError) as error:
        services.signup_cancel(actor=member.user, signup=signup)
    assert error.value.code == "deadline"
    services.signup_cancel(actor=staff, signup=signup, reason="本人电话请假")
    signup.refresh_from_db()
    assert signup.status == S.CANCELLED


def test_check_in_by_card_and_list_then_finish(world):
    from gonghui.members.cards.selectors import card_qr_token
    from gonghui.members.cards.services import card_issue_for

    staff = clerk(world)
    activity = f.published_activity(staff, world.target, places=2)
    present, absent, waiting = (f.member(world.child) for _i in range(3))
    for m in (present, absent, waiting):
        f.sign_up(activity, m)
    with pytest.raises(ValidationError) as error:
        services.checkin_by_code(actor=staff, activity=activity, code="forged")
    assert "会员证二维码无效" in error.value.message_dict["code"][0]
    activity = f.started(activity)
    token = card_qr_token(card=card_issue_for(present, actor=None))
    signup = services.checkin_by_code(actor=staff, activity=activity, code=f"https://example.org/verify/{token}/")
    assert signup.status == S.CHECKED_IN
    assert signup.check_in_method == "qr"
    again = services.checkin_by_code(actor=staff, activity=activity, code=token)
    assert again.pk == signup.pk  # scanned twice: once
    outsider_token = card_qr_token(card=card_issue_for(f.member(world.child), actor=None))
    with pytest.raises(ValidationError) as error:
        services.checkin_by_code(actor=staff, activity=activity, code=outsider_token)
    assert "没有报名" in error.value.message_dict["code"][0]
    Activity.objects.filter(pk=activity.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    activity.refresh_from_db()
    services.activity_finish(actor=staff, activity=activity)
    status = dict(SignUp.objects.filter(activity=activity).values_list("member_id", "status"))
    assert status == {present.pk: S.COMPLETED, absent.pk: S.NO_SHOW, waiting.pk: S.CANCELLED}
    assert list(selectors.completed_signups(member=present)) == [signup]


def test_check_in_from_list_refuses_the_waiting(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target, places=1)
    first = f.sign_up(activity, f.member(world.child))
    second = f.sign_up(activity, f.member(world.child))
    with pytest.raises(ValidationError) as error:
        services.checkin_from_list(actor=staff, signup=first)
    assert error.value.code == "early"
    f.started(activity)
    first.activity.refresh_from_db()
    assert services.checkin_from_list(actor=staff, signup=first).status == S.CHECKED_IN
    second.activity.refresh_from_db()
    with pytest.raises(ValidationError):
        services.checkin_from_list(actor=staff, signup=second)


def test_growing_places_promotes_the_waiting(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target, places=1)
    f.sign_up(activity, f.member(world.child))
    waiting = f.sign_up(activity, f.member(world.child))
    data = f.activity_input(places=2)
    services.activity_update(
        actor=staff,
        activity=activity,
        data=data.__class__(**{**data.__dict__, "signup_opens_at": activity.signup_opens_at}),
    )
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


# --- the authorization matrix ---------------------------------------------------------------------------------------


def test_matrix_create(world):
    service_matrix(
        world,
        MANAGE_ACTIVITIES,
        act=lambda actor, w: services.activity_create(actor=actor, unit=w.target, data=f.activity_input()),
        state=lambda w: Activity.objects.count(),
        view_perm=VIEW_ACTIVITIES,
    )


@pytest.mark.parametrize("action", ["publish", "cancel"])
def test_matrix_moves(world, action):
    activity = f.draft_activity(clerk(world), world.target)

    def act(actor, w):
        if action == "publish":
            return services.activity_publish(actor=actor, activity=activity)
        return services.activity_cancel(actor=actor, activity=activity, reason="原因")

    service_matrix(
        world,
        MANAGE_ACTIVITIES,
        act=act,
        state=lambda w: Activity.objects.get(pk=activity.pk).status,
        view_perm=VIEW_ACTIVITIES,
    )


def test_matrix_check_in_and_cancel_on_behalf(world):
    staff = clerk(world)
    activity = f.published_activity(staff, world.target)
    signup = f.sign_up(activity, f.member(world.child))
    f.started(activity)
    signup.activity.refresh_from_db()
    service_matrix(
        world,
        MANAGE_ACTIVITIES,
        act=lambda actor, w: services.checkin_from_list(actor=actor, signup=signup),
        state=lambda w: SignUp.objects.get(pk=signup.pk).status,
        view_perm=VIEW_ACTIVITIES,
    )


def test_matrix_sign_up_on_behalf(world):
    activity = f.published_activity(clerk(world), world.target)
    member = f.member(world.child, with_user=False)
    service_matrix(
        world,
        MANAGE_ACTIVITIES,
        act=lambda actor, w: services.signup_create(
            actor=actor, activity=activity, member=member, request_key="matrix-key-0001"
        ),
        state=lambda w: SignUp.objects.count(),
        view_perm=VIEW_ACTIVITIES,
    )
