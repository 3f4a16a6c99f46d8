"""Activities' pages and API: the authorization matrix of every console page, the worker's portal (only activities
open to them, a double click signs up once, cancel), the API (idempotent create, mine), the masked audited export
and the pinned query counts of the lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.worker_services.models import Activity, SignUp, SignUpStatus
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
from gonghui.worker_services.tests import factories as f


def clerk(world):
    return world.staff("actv", world.target, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])


@pytest.fixture
def activity(world):
    return f.published_activity(clerk(world), world.child, title=f"羽毛球{CANARY}", places=2)


def test_list_and_detail_pages_matrix(world, activity):
    for name in ("activity_detail", "signup_list", "activity_check_in"):
        http_matrix(world, VIEW_ACTIVITIES, "get", reverse(f"worker_services:{name}", args=[activity.pk]))


def test_publish_and_cancel_matrix(world):
    draft = f.draft_activity(clerk(world), world.child)
    http_matrix(
        world,
        MANAGE_ACTIVITIES,
        "post",
        reverse("worker_services:activity_detail", args=[draft.pk]),
        data={"action": "publish"},
        state=lambda w: Activity.objects.get(pk=draft.pk).status,
    )


def test_new_activity_page(world, client):
    staff = clerk(world)
    login(client, staff)
    assert client.get(reverse("worker_services:activity_new")).status_code == 200
    data = {
        "unit": world.target.pk,
        "title": "亲子手工课",
        "category": "亲子活动",
        "audience": "all",
        "places": "20",
        "reserved": "0",
        "signup_opens_at": "2030-01-01T09:00",
        "signup_closes_at": "2030-01-05T09:00",
        "starts_at": "2030-01-06T09:00",
        "ends_at": "2030-01-06T11:00",
        "place": "区职工之家",
        "cost": "0",
    }
    response = client.post(reverse("worker_services:activity_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.filter(title="亲子手工课", unit=world.target, status="draft").exists()


def test_export_is_masked_and_audited(world, client, activity):
    f.sign_up(activity, f.member(world.child, name="张三丰"))
    login(client, clerk(world))
    before = AuditEvent.objects.filter(action="worker_services.signup_export").count()
    response = client.get(reverse("worker_services:signup_export", args=[activity.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="worker_services.signup_export").count() == before + 1
    from io import BytesIO

    from openpyxl import load_workbook

    cells = [c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "张三丰" not in cells
    assert "张*丰" in cells


def test_portal_signs_up_once_on_a_double_click_and_cancels(world, client, activity):
    member = f.member(world.child)
    login(client, member.user)
    assert activity.title in client.get(reverse("worker_services_portal:activities")).content.decode()
    url = reverse("worker_services_portal:activity_detail", args=[activity.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "signup-submit" in page.content.decode()
    for _i in range(2):
        client.post(url, {"request_key": "web-double-click-0001"})
    assert SignUp.objects.filter(activity=activity, member=member).count() == 1
    mine = client.get(reverse("worker_services_portal:my_signups")).content.decode()
    assert activity.title in mine
    signup = SignUp.objects.get(activity=activity, member=member)
    client.post(reverse("worker_services_portal:signup_cancel", args=[signup.pk]))
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED


def test_portal_hides_activities_of_other_unions(world, client, activity):
    outsider = f.member(world.sibling)
    login(client, outsider.user)
    assert activity.title not in client.get(reverse("worker_services_portal:activities")).content.decode()
    url = reverse("worker_services_portal:activity_detail", args=[activity.pk])
    assert client.get(url).status_code == 404
    client.post(url, {"request_key": "web-outsider-00001"})
    assert not SignUp.objects.filter(activity=activity).exists()


def test_api_sign_up_is_idempotent_and_mine(world, client, activity):
    member = f.member(world.child)
    login(client, member.user)
    url = reverse("v1:worker-services-signups-list")
    first = client.post(url, {"activity": activity.pk}, headers={"idempotency-key": "api-key-00000001"})
    again = client.post(url, {"activity": activity.pk}, headers={"idempotency-key": "api-key-00000001"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    mine = client.get(reverse("v1:worker-services-my-signups-list")).json()
    assert [row["id"] for row in mine] == [first.json()["id"]]
    opened = client.get(reverse("v1:worker-services-open-activities-list")).json()
    assert activity.pk in [row["id"] for row in opened]
    cancel = client.post(reverse("v1:worker-services-signups-cancel", args=[first.json()["id"]]))
    assert cancel.status_code == 200
    assert cancel.json()["status"] == "cancelled"


def test_api_staff_lists_are_scoped(world, client, activity):
    sibling_staff = world.staff("sibv", world.sibling, [VIEW_ACTIVITIES])
    login(client, sibling_staff)
    rows = client.get(reverse("v1:worker-services-activities-list")).json()["results"]
    assert rows == []


def test_list_pages_query_counts_are_pinned(world, client, django_assert_max_num_queries):
    staff = clerk(world)
    activities = [f.published_activity(staff, world.child) for _i in range(3)]
    for a in activities:
        for _j in range(3):
            f.sign_up(a, f.member(world.child))
    login(client, staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("worker_services:activity_list")).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("worker_services:signup_list", args=[activities[0].pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("v1:worker-services-activities-list")).status_code == 200


def test_the_tiles_show_only_to_whom_they_serve_in_one_query_each(world, django_assert_max_num_queries):
    from gonghui.worker_services.activities.selectors import has_activities
    from gonghui.worker_services.partners.selectors import has_partners

    staff = clerk(world)
    inside, outside = f.member(world.child), f.member(world.sibling)
    assert not has_activities(inside.user)
    inside = type(inside).objects.select_related("user").get(pk=inside.pk)
    f.published_activity(staff, world.target)
    partner = f.partner(world, world.target)
    with django_assert_max_num_queries(1):
        assert has_activities(inside.user)
        assert has_partners(inside.user)
    assert not has_activities(outside.user)
    assert not has_partners(outside.user)
    cashier = f.verifier(world, partner.pk).user
    assert has_partners(cashier)
