from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import http_matrix, login, root_only_http_matrix
from gonghui.workdays.models import CalendarDay
from gonghui.workdays.permissions import MANAGE_CALENDAR, VIEW_CALENDAR
from gonghui.workdays.services import seed_calendar
from gonghui.workdays.tests.factories import calendar_admin

pytestmark = pytest.mark.django_db

READERS = ("sibling", "same_with", "ancestor")


def _state(_world):
    return list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name", "source"))


def test_days_list_matrix_and_content(world):
    seed_calendar(2026)
    responses = http_matrix(
        world, VIEW_CALENDAR, "get", reverse("v1:calendar-day-list") + "?year=2026", allowed=READERS
    )
    data = responses["ancestor"].json()
    assert data["count"] == 39
    first = data["results"][0]
    assert first == {
        "date": "2026-01-01",
        "kind": "holiday",
        "kind_display": "放假",
        "name": "元旦",
        "note": "",
        "source": "official",
        "source_display": "国务院办公厅公布",
        "updated_at": first["updated_at"],
    }


def test_days_list_rejects_a_bad_year(world):
    client = login(Client(), calendar_admin(world))
    assert client.get(reverse("v1:calendar-day-list") + "?year=abc").status_code == 400


def test_day_detail_matrix(world):
    seed_calendar(2026)
    url = reverse("v1:calendar-day-detail", kwargs={"day": "2026-10-01"})
    responses = http_matrix(world, VIEW_CALENDAR, "get", url, allowed=READERS)
    assert responses["ancestor"].json()["name"] == "国庆节"


def test_working_days_matrix_and_result(world):
    seed_calendar(2026)
    url = reverse("v1:calendar-working-days") + "?start=2026-09-28&n=5"
    responses = http_matrix(world, VIEW_CALENDAR, "get", url, allowed=READERS)
    assert responses["ancestor"].json() == {"start": "2026-09-28", "n": 5, "result": "2026-10-10"}


@pytest.mark.parametrize("query", ["?n=-1", "?n=abc", "?start=2026-13-01", "?n=100000"])
def test_working_days_validates(world, query):
    client = login(Client(), calendar_admin(world))
    assert client.get(reverse("v1:calendar-working-days") + query).status_code == 400


def test_working_days_defaults_to_today_and_zero(world):
    client = login(Client(), calendar_admin(world))
    data = client.get(reverse("v1:calendar-working-days")).json()
    assert data["n"] == 0


def test_day_create_matrix(world):
    root_only_http_matrix(
        world,
        MANAGE_CALENDAR,
        "post",
        reverse("v1:calendar-day-list"),
        data={"date": "2026-10-08", "kind": "holiday", "name": "本地假日"},
        json=True,
        state=_state,
    )


def test_day_create_then_delete(world):
    client = login(Client(), calendar_admin(world))
    response = client.post(
        reverse("v1:calendar-day-list"),
        {"date": "2026-10-08", "kind": "holiday", "name": "本地假日"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["source"] == "staff"
    url = reverse("v1:calendar-day-detail", kwargs={"day": "2026-10-08"})
    assert client.delete(url).status_code == 204
    assert not CalendarDay.objects.filter(date=date(2026, 10, 8)).exists()
    assert client.delete(url).status_code == 404


def test_day_create_validates(world):
    client = login(Client(), calendar_admin(world))
    response = client.post(
        reverse("v1:calendar-day-list"), {"date": "2026-10-08", "kind": "nap"}, content_type="application/json"
    )
    assert response.status_code == 400


def test_day_delete_matrix(world):
    seed_calendar(2026)
    root_only_http_matrix(
        world,
        MANAGE_CALENDAR,
        "delete",
        reverse("v1:calendar-day-detail", kwargs={"day": "2026-10-01"}),
        state=_state,
    )


def test_days_list_query_count(world, django_assert_max_num_queries):
    seed_calendar(2026)
    client = login(Client(), calendar_admin(world))
    url = reverse("v1:calendar-day-list") + "?year=2026"
    client.get(url)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
