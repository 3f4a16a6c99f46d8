# mypy: disable-error-code="arg-type,union-attr"
"""Workers hear of what happens to their sign-up: promoted from the waiting list, or the activity cancelled (their
inbox, and the SMS the category sends by default), once per event."""

from __future__ import annotations

import pytest

from gonghui.notifications.models import Notification
from gonghui.worker_services.activities import services
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
from gonghui.worker_services.tests import factories as f

pytestmark = pytest.mark.django_db


def _staff(world):
    return world.staff("act", world.target, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])


def test_the_first_waiting_worker_hears_of_the_promotion(world):
    staff = _staff(world)
    activity = f.published_activity(staff, world.target, places=1)
    first, waiting = f.member(world.child), f.member(world.child)
    confirmed = f.sign_up(activity, first)
    f.sign_up(activity, waiting)
    services.signup_cancel(actor=staff, signup=confirmed, reason="临时有事")
    inbox = Notification.objects.filter(recipient=waiting.user)
    assert [n.title for n in inbox] == [f"候补成功：{activity.title}"]
    assert inbox.get().url.endswith(f"/services/activities/{activity.pk}/")
    assert not Notification.objects.filter(recipient=first.user).exists()


def test_a_cancelled_activity_tells_every_live_signup_once(world):
    staff = _staff(world)
    activity = f.published_activity(staff, world.target, places=1)
    a, b = f.member(world.child), f.member(world.child)
    f.sign_up(activity, a)
    f.sign_up(activity, b)
    services.activity_cancel(actor=staff, activity=activity, reason="场地维修")
    for member in (a, b):
        note = Notification.objects.get(recipient=member.user)
        assert "场地维修" in note.body
