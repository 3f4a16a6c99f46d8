"""Recuperation statistics: places per unit (offered, handed back, used), participation by group through the
register, the first-timers' share, spending against the yearly cap, satisfaction; scoped, with the page, the
``.xlsx`` and the API; the query count pinned."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.authz.testing import http_matrix, login
from gonghui.honors.tests.factories import honoree
from gonghui.recuperation.models import BookingStatus, Feedback, TripQuota
from gonghui.recuperation.permissions import VIEW_RECUPERATION
from gonghui.recuperation.sanatorium.tests import factories, kit
from gonghui.recuperation.stats import selectors

pytestmark = pytest.mark.django_db


def _year_data(world) -> int:
    year = date.today().year
    trip = factories.trip(
        world.target,
        starts_on=date(year, 3, 2),
        days=5,
        price_per_day="500.00",
        places=20,
        quota_units=[(world.child, 6)],
    )
    TripQuota.objects.filter(trip=trip, unit=world.child).update(places=5, handed_back=1)
    second = factories.trip(world.target, starts_on=date(year, 6, 1), days=2, price_per_day="400.00", places=10)
    model, b1 = kit.participant(world, trip)
    honoree(model, title="model_worker")
    crafts, _b2 = kit.participant(world, trip)
    honoree(crafts, title="craftsman")
    other, _b3 = kit.participant(world, trip, status=BookingStatus.COMPLETED)
    factories.booking(second, model)  # the model worker twice this year: 2,500 + 800 > 3,000
    kit.participant(world, trip, status=BookingStatus.CANCELLED)  # not counted
    earlier = factories.trip(world.target, starts_on=date(year - 1, 5, 1), days=3)
    factories.booking(earlier, crafts, status=BookingStatus.COMPLETED)  # not a first-timer
    Feedback.objects.create(booking=_b3, overall=4, lodging=4, programme=3, service=5)
    return year


def test_figures_groups_first_timers_and_cap(world, django_assert_max_num_queries):
    year = _year_data(world)
    actor = world.actor("same_with", VIEW_RECUPERATION)
    with django_assert_max_num_queries(9):  # six reads, the actor's top union, the cap policy (two)
        figures = selectors.recuperation_stats(actor=actor, year=year)
    assert figures.people == 3
    assert figures.groups == {"model_worker": 1, "craftsman": 1, "other": 1}
    assert figures.first_timers == 2
    assert figures.spending == Decimal("8300.00")  # 3 × 2,500 + 800
    assert figures.cap == Decimal("3000.00")
    assert figures.over_cap == 1
    child = next(u for u in figures.units if u.unit_id == world.child.pk)
    assert (child.places, child.handed_back, child.used) == (5, 1, 3)
    assert [s.answers for s in figures.satisfaction] == [1]
    nothing = selectors.recuperation_stats(actor=world.actor("sibling", VIEW_RECUPERATION), year=year)
    assert (nothing.people, nothing.units) == (0, [])
    only_child = selectors.recuperation_stats(actor=actor, year=year, unit=world.child)
    assert only_child.people == 3


def test_page_export_and_api(world):
    year = _year_data(world)
    url = reverse("recuperation:stats")
    http_matrix(world, VIEW_RECUPERATION, "get", url + f"?year={year}", allowed=("same_with", "ancestor", "sibling"))
    page = login(Client(), world.actor("same_with", VIEW_RECUPERATION)).get(url + f"?year={year}")
    assert re.search(r"8\D?300\.00", page.content.decode())
    export = login(Client(), world.actor("same_with", VIEW_RECUPERATION)).get(
        reverse("recuperation:stats_export") + f"?year={year}"
    )
    book = load_workbook(io.BytesIO(export.content))
    assert len(book.sheetnames) == 3
    api = login(Client(), world.actor("same_with", VIEW_RECUPERATION)).get(
        f"/api/v1/recuperation/statistics/?year={year}"
    )
    body = api.json()
    assert (body["people"], body["spending"], body["over_cap"]) == (3, "8300.00", 1)
    assert body["groups"] == {"model_worker": 1, "craftsman": 1, "other": 1}
    assert login(Client(), world.member).get("/api/v1/recuperation/statistics/").status_code in (403, 404)
