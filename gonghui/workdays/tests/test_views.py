from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import CANARY, http_matrix, login, root_only_http_matrix
from gonghui.workdays.models import CalendarDay, DayKind
from gonghui.workdays.permissions import MANAGE_CALENDAR, VIEW_CALENDAR
from gonghui.workdays.services import calendar_day_set, seed_calendar
from gonghui.workdays.tests.factories import calendar_admin

pytestmark = pytest.mark.django_db

# Every staff member may read the platform-wide calendar, the sibling's staff included (it holds no
# subtree data); only holders of the manage permission at the root may change it.
READERS = ("sibling", "same_with", "ancestor")


def _state(_world):
    return list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name", "source"))


def test_index_redirects_to_this_year(world):
    responses = http_matrix(world, VIEW_CALENDAR, "get", reverse("workdays:index"), allowed=READERS)
    year = timezone.localdate().year
    assert responses["ancestor"]["Location"] == reverse("workdays:year", args=[year])


def test_year_page_matrix_and_content(world):
    seed_calendar(2026)
    responses = http_matrix(world, VIEW_CALENDAR, "get", reverse("workdays:year", args=[2026]), allowed=READERS)
    page = responses["ancestor"].content.decode()
    assert "国庆节" in page
    assert 'class="holiday"' in page
    assert 'class="workday"' in page
    assert "workdays/calendar.css" in page
    assert CANARY not in responses["sibling"].content.decode()
    # Managers at the root get the form; readers do not.
    assert 'name="kind"' in page
    assert 'name="kind"' not in responses["same_with"].content.decode()


def test_year_page_rejects_absurd_years(world):
    client = login(Client(), calendar_admin(world))
    assert client.get(reverse("workdays:year", args=[1000])).status_code == 404


def test_day_set_matrix(world):
    root_only_http_matrix(
        world,
        MANAGE_CALENDAR,
        "post",
        reverse("workdays:day_set", args=[2026]),
        data={"day": "2026-10-08", "kind": "holiday", "name": "本地假日", "note": ""},
        state=_state,
    )


def test_day_clear_matrix(world):
    seed_calendar(2026)
    root_only_http_matrix(
        world,
        MANAGE_CALENDAR,
        "post",
        reverse("workdays:day_clear", args=[2026]),
        data={"day": "2026-10-01"},
        state=_state,
    )


def test_day_set_redirects_and_saves(world):
    client = login(Client(), calendar_admin(world))
    url = reverse("workdays:day_set", args=[2026])
    response = client.post(url + "?sort=-date", {"day": "2026-10-08", "kind": "holiday", "name": "本地假日"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workdays:year", args=[2026]) + "?sort=-date"
    assert CalendarDay.objects.get(date=date(2026, 10, 8)).name == "本地假日"


def test_day_set_with_htmx_returns_the_refreshed_fragment(world):
    client = login(Client(), calendar_admin(world))
    url = reverse("workdays:day_set", args=[2026])
    response = client.post(url, {"day": "2026-10-08", "kind": "holiday", "name": "本地假日"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="calendar-body"')
    assert "本地假日" in body
    assert "<html" not in body


def test_day_set_rejects_a_date_of_another_year(world):
    client = login(Client(), calendar_admin(world))
    response = client.post(
        reverse("workdays:day_set", args=[2026]), {"day": "2027-01-04", "kind": "holiday"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "日期必须在 2026 年内" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_day_clear_with_htmx_and_unknown_date(world):
    seed_calendar(2026)
    client = login(Client(), calendar_admin(world))
    url = reverse("workdays:day_clear", args=[2026])
    response = client.post(url, {"day": "2026-10-01"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not CalendarDay.objects.filter(date=date(2026, 10, 1)).exists()
    response = client.post(url, {"day": "2026-10-01"}, HTTP_HX_REQUEST="true")
    assert "没有特殊安排" in response.content.decode()


def test_post_only_urls_answer_405_to_get_for_managers(world):
    client = login(Client(), calendar_admin(world))
    assert client.get(reverse("workdays:day_set", args=[2026])).status_code == 405
    assert client.get(reverse("workdays:day_clear", args=[2026])).status_code == 405


def test_year_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    admin = calendar_admin(world)
    client = login(Client(), admin)
    url = reverse("workdays:year", args=[2026])
    seed_calendar(2026)
    client.get(url)  # warm the session
    # session, user, TOTP device, grants, the year's rows (grid), count and page of the list, nav roots.
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for day in range(1, 28):
        calendar_day_set(actor=admin, day=date(2026, 3, day), kind=DayKind.HOLIDAY, name=f"测试{day}")
    with django_assert_max_num_queries(8):
        assert client.get(url + "?sort=-date&page=2").status_code == 200
