# mypy: disable-error-code="arg-type,union-attr"
"""The shared fairness scenarios of the booking rush (``gonghui.common.testing.fairness``) against activity
sign-ups, the same ones recuperation trips run; the concurrent ones on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from gonghui.authz.testing import World, build_world
from gonghui.common.testing import fairness
from gonghui.worker_services.activities import services
from gonghui.worker_services.models import Activity, SignUp
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
from gonghui.worker_services.tests import factories as f


def subject(world: World) -> fairness.Subject:
    clerk = world.staff("fair", world.province, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])

    def rows(activity: Activity) -> list[fairness.Row]:
        return [
            fairness.Row(member_id=s.member_id, status=s.status, seq=s.seq, wait_seq=s.wait_seq)
            for s in SignUp.objects.filter(activity=activity).order_by("seq")
        ]

    return fairness.Subject(
        make_event=lambda places: f.published_activity(clerk, world.province, places=places),
        make_member=lambda activity: f.member(world.child),
        book=lambda a, m, key: services.signup_create(actor=m.user, activity=a, member=m, request_key=key).signup,
        cancel=lambda s, m: services.signup_cancel(actor=m.user, signup=s),
        rows=rows,
        used=lambda activity: Activity.objects.get(pk=activity.pk).booked,
    )


def test_arrival_order(world: Any) -> None:
    fairness.arrival_order(subject(world))


def test_a_retried_key_books_once(world: Any) -> None:
    fairness.retried_key_books_once(subject(world))


def test_a_cancellation_promotes_the_first_waiting(world: Any) -> None:
    fairness.cancellation_promotes_first_waiting(subject(world))


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rush_signs_up_exactly_the_places() -> None:
    _skip_unless_postgres()
    fairness.rush_exact_places(subject(build_world()))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rush_cancellations_promote_in_order() -> None:
    _skip_unless_postgres()
    fairness.rush_cancellations_promote_in_order(subject(build_world()))
