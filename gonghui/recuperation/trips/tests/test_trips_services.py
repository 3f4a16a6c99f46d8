"""Trips: caps checked on publication with the policy in force (and its trace), quotas down the tree, hand-back."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz.testing import build_world, service_matrix
from gonghui.policy.models import PolicyRecord
from gonghui.recuperation.models import Trip, TripEvent, TripQuota, TripStatus
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f
from gonghui.recuperation.trips import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def clerk(world):
    return world.staff("trips", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])


def test_publish_stores_the_caps_trace_and_opens_the_pool(world, clerk):
    trip = f.published_trip(clerk, world.province, places=12, price="500.00", days=4)
    assert trip.status == TripStatus.PUBLISHED
    pool = f.pool(trip)
    assert (pool.places, pool.allotted, pool.booked) == (12, 0, 0)
    labels = [line["label"] for line in trip.cap_trace["lines"]]
    assert "每人每天费用上限" in labels
    assert "线路天数上限" in labels
    assert trip.cap_trace["lines"][-1]["value"] == "符合标准"
    assert TripEvent.objects.filter(trip=trip, action="publish").exists()


@pytest.mark.parametrize(
    ("price", "days", "rule"),
    [
        ("600.01", 2, "每人每天费用不超过上限"),
        ("600.00", 6, "线路天数不超过上限"),
        ("600.00", 5, "每人线路费用不超过每人每年费用上限"),  # 3,000.00 is the cap: still fine? no: 600 × 5 = 3,000
    ],
)
def test_publish_refuses_a_breach_naming_the_rule(world, clerk, price, days, rule):
    trip = f.draft_trip(clerk, world.province, price=price, days=days)
    if Decimal(price) * days <= Decimal("3000") and rule.startswith("每人线路"):
        services.trip_publish(actor=clerk, trip=trip)  # exactly at the cap is allowed
        return
    with pytest.raises(ValidationError) as info:
        services.trip_publish(actor=clerk, trip=trip)
    assert rule in str(info.value)
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT
    assert not TripQuota.objects.filter(trip=trip).exists()


def test_caps_follow_the_policy_in_force_at_the_publishing_union(world, clerk):
    PolicyRecord.objects.create(
        unit=world.city,
        key="recuperation.daily_cap",
        value="400.00",
        effective_from=date(2020, 1, 1),
        created_by=clerk,
    )
    at_city = f.draft_trip(clerk, world.city, price="450.00", days=2)
    with pytest.raises(ValidationError, match="每人每天费用不超过上限"):
        services.trip_publish(actor=clerk, trip=at_city)
    at_province = f.published_trip(clerk, world.province, price="450.00", days=2)
    assert at_province.status == TripStatus.PUBLISHED
    record = PolicyRecord.objects.get(key="recuperation.daily_cap")
    later = f.draft_trip(clerk, world.city, price="380.00", days=2)
    published = services.trip_publish(actor=clerk, trip=later)
    assert record.pk in published.policy_record_ids


def test_quotas_go_down_the_tree_and_never_overdraw(world, clerk):
    trip = f.published_trip(clerk, world.province, places=10)
    city = services.quota_allot(actor=clerk, source=f.pool(trip), unit=world.city, places=6)
    district = services.quota_allot(actor=clerk, source=city, unit=world.target, places=4)
    assert district.parent_id == city.pk
    with pytest.raises(ValidationError, match="可分配的名额只有 2 个"):
        services.quota_allot(actor=clerk, source=f.quota(trip, world.city), unit=world.sibling, places=3)
    with pytest.raises(ValidationError, match="已有名额"):
        services.quota_allot(actor=clerk, source=f.pool(trip), unit=world.child, places=1)
    more = services.quota_allot(actor=clerk, source=f.quota(trip, world.city), unit=world.target, places=2)
    assert more.places == 6
    assert f.pool(trip).free == 4
    assert f.quota(trip, world.city).free == 0


def test_hand_back_returns_places_to_the_parent_before_the_deadline(world, clerk):
    trip = f.published_trip(clerk, world.province, places=10)
    city = services.quota_allot(actor=clerk, source=f.pool(trip), unit=world.city, places=6)
    back = services.quota_hand_back(actor=clerk, quota=city, places=4)
    assert (back.places, back.handed_back) == (2, 4)
    assert f.pool(trip).free == 8
    with pytest.raises(ValidationError, match="未使用的名额只有 2 个"):
        services.quota_hand_back(actor=clerk, quota=f.quota(trip, world.city), places=3)
    Trip.objects.filter(pk=trip.pk).update(handback_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="已过名额退回截止日期"):
        services.quota_hand_back(actor=clerk, quota=f.quota(trip, world.city), places=1)


def test_hand_back_promotes_the_waiting_list(world, clerk):
    trip = f.published_trip(clerk, world.province, places=2)
    city = services.quota_allot(actor=clerk, source=f.pool(trip), unit=world.city, places=2)
    services.quota_allot(actor=clerk, source=city, unit=world.sibling, places=2)
    member = f.member(world.child)
    waiting = f.book(trip, member)
    assert waiting.status == "waiting"
    services.quota_hand_back(actor=clerk, quota=f.quota(trip, world.sibling), places=1)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert waiting.quota_id == f.quota(trip, world.city).pk


def test_publish_matrix(world):
    owner = world.staff("own", world.target, [VIEW_RECUPERATION, MANAGE_TRIPS])

    trip = f.draft_trip(owner, world.target)

    def act(actor, w):
        services.trip_publish(actor=actor, trip=trip)

    service_matrix(
        world,
        MANAGE_TRIPS,
        act,
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Trip.objects.filter(status=TripStatus.PUBLISHED).count(),
    )


def test_allot_matrix(world):
    owner = world.staff("own", world.target, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(owner, world.target, places=5)

    def act(actor, w):
        services.quota_allot(actor=actor, source=f.pool(trip), unit=w.child, places=1)

    service_matrix(
        world,
        MANAGE_TRIPS,
        act,
        view_perm=VIEW_RECUPERATION,
        state=lambda w: list(TripQuota.objects.values_list("places", "allotted")),
    )
