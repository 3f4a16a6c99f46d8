"""Workers' requests, the pages and the API: a worker's request from the portal to the answer and the rating, a
non-member's, the console page's matrix, the list's pinned query count and filters, the export (masked, audited),
statistics, categories, the API; and an anonymous requester kept invisible to everyone but the staff who act on the
request through every page, export, API answer, audit record and log line."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.legal_aid.models import RequestCategory, RequestStatus, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_REQUESTS, MANAGE_REQUEST_CATEGORIES, VIEW_REQUESTS
from gonghui.legal_aid.requests import services
from gonghui.legal_aid.requests.tests import factories as f

pytestmark = pytest.mark.django_db


def test_portal_request_to_answer_and_rating(world):
    member = f.worker(world)
    category = f.category("wages")
    worker = login(Client(), f.u(member))
    assert worker.get(reverse("legal_aid_portal:request_new")).status_code == 200
    response = worker.post(
        reverse("legal_aid_portal:request_new"),
        {"category": category.pk, "description": "加班费三个月没发", "request_key": "key-" + "a" * 20},
    )
    item = WorkerRequest.objects.get(requester=f.u(member))
    detail = reverse("legal_aid_portal:request_detail", args=[item.pk])
    assert response["Location"] == detail
    assert (item.unit, item.anonymous) == (world.child, False)
    staff = login(Client(), f.clerk(world))
    console = reverse("legal_aid:request_detail", args=[item.pk])
    staff.post(console, {"action": "answer", "answer": "已协调公司补发。"})
    assert WorkerRequest.objects.get(pk=item.pk).status == RequestStatus.ANSWERED
    page = worker.get(detail).content.decode()
    assert "已协调公司补发。" in page
    assert 'id="rate-form"' in page
    worker.post(detail, {"action": "rate", "rating": "1", "comment": "没到账"})
    assert WorkerRequest.objects.get(pk=item.pk).status == RequestStatus.REOPENED
    staff.post(console, {"action": "answer", "answer": "已到账。"})
    worker.post(detail, {"action": "rate", "rating": "2"})
    done = WorkerRequest.objects.get(pk=item.pk)
    assert (done.status, done.rating, done.reopen_count) == (RequestStatus.CLOSED, 2, 1)
    assert item.number in worker.get(reverse("legal_aid_portal:request_mine")).content.decode()
    other = login(Client(), f.u(f.worker(world)))
    assert other.get(detail).status_code == 404


def test_non_member_portal_request_by_county(world):
    user = f.phone_user("非会员")
    client = login(Client(), user)
    page = client.get(reverse("legal_aid_portal:request_new")).content.decode()
    assert 'name="region_code"' in page
    data = {"category": f.category().pk, "description": "工地欠薪", "region_code": ""}
    response = client.post(reverse("legal_aid_portal:request_new"), data)
    assert response.status_code == 200
    assert not WorkerRequest.objects.filter(requester=user).exists()
    client.post(reverse("legal_aid_portal:request_new"), {**data, "region_code": "330106"})
    item = WorkerRequest.objects.get(requester=user)
    assert (item.unit, item.route, item.member) == (world.target, "region", None)


def test_console_detail_matrix(world):
    item = f.request(world)
    url = reverse("legal_aid:request_detail", args=[item.pk])
    http_matrix(world, VIEW_REQUESTS, "get", url)
    http_matrix(
        world,
        HANDLE_REQUESTS,
        "post",
        url,
        data={"action": "answer", "answer": "好的"},
        state=lambda w: WorkerRequest.objects.get(pk=item.pk).status,
    )


def test_list_pinned_filters_and_export(world, django_assert_max_num_queries):
    for _i in range(4):
        f.request(world)
    late = f.request(world, text="逾期的诉求")
    services.requests_escalate(today=late.due_on.replace(year=late.due_on.year + 1))
    named = f.request(world, by=f.worker(world, name="公开职工"))
    client = login(Client(), world.actor("same_with", VIEW_REQUESTS))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("legal_aid:request_list")).status_code == 200
    page = client.get(reverse("legal_aid:request_list") + "?overdue=1").content.decode()
    assert page.count("badge-warn") == 5  # every request filed before the escalation
    response = client.get(reverse("legal_aid:request_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert named.number in text
    assert "公开职工" not in text
    assert AuditEvent.objects.filter(action="legal_aid.requests_export").count() == 1
    sibling = login(Client(), world.actor("sibling", VIEW_REQUESTS)).get(reverse("legal_aid:request_list"))
    assert CANARY not in sibling.content.decode()


def test_stats_page_and_export(world):
    member = f.worker(world)
    f.request(world, by=member, status="closed")
    f.request(world, status="reopened")
    f.request(world, code="harass", sensitive=True)
    client = login(Client(), world.actor("same_without", "legal_aid.handle_sensitive_requests"))
    page = client.get(reverse("legal_aid:request_stats")).content.decode()
    assert "<svg" in page
    response = client.get(reverse("legal_aid:request_stats_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    wages = rows[RequestCategory.objects.get(code="wages").name]
    assert (wages[1], wages[2], wages[6], wages[7]) == (2, 2, 50.0, 1)  # 2 filed, 2 answered, 1 of 2 satisfied
    # The sensitive request is not counted for staff without the designated permission.
    assert rows[RequestCategory.objects.get(code="harass").name][1] == 0
    assert AuditEvent.objects.filter(action="legal_aid.requests_stats_export").count() == 1


def test_categories_edited_at_the_root_only(world):
    url = reverse("legal_aid:request_categories")
    data = {"code": "noise", "name": "噪声", "deadline_days": 4, "order": 9, "is_active": "on"}
    district = login(Client(), world.actor("same_with", MANAGE_REQUEST_CATEGORIES))
    assert district.post(url, data).status_code == 403
    province = login(Client(), world.actor("ancestor", MANAGE_REQUEST_CATEGORIES))
    province.post(url, data)
    assert RequestCategory.objects.get(code="noise").deadline_days == 4


def test_api_worker_files_and_rates_staff_answers(world, django_assert_max_num_queries):
    member = f.worker(world)
    f.category("wages")
    worker = login(Client(), f.u(member))
    body = {"category": "wages", "description": "欠薪", "request_key": "api-key-123456"}
    first = worker.post("/api/v1/legal-aid/requests/", body, content_type="application/json")
    again = worker.post("/api/v1/legal-aid/requests/", body, content_type="application/json")
    assert (first.status_code, again.status_code, first.json()["id"]) == (201, 200, again.json()["id"])
    pk = first.json()["id"]
    staff = login(Client(), world.actor("same_with", HANDLE_REQUESTS))
    for _i in range(3):
        f.request(world)
    with django_assert_max_num_queries(12):
        data = staff.get("/api/v1/legal-aid/requests/").json()
    assert len(data["results"]) == 4
    answered = staff.post(
        f"/api/v1/legal-aid/requests/{pk}/answer/", {"answer": "已答复"}, content_type="application/json"
    )
    assert answered.json()["status"] == "answered"
    assert (
        worker.post(
            f"/api/v1/legal-aid/requests/{pk}/answer/", {"answer": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    rated = worker.post(f"/api/v1/legal-aid/requests/{pk}/rate/", {"rating": 5}, content_type="application/json")
    assert rated.json()["status"] == "closed"
    assert worker.get("/api/v1/legal-aid/requests/").json()["count"] == 1


def test_anonymous_identity_invisible_except_to_the_handlers(world, caplog):
    caplog.set_level(logging.DEBUG)
    member = f.worker(world, name=f.SECRET_NAME)
    phone = str(f.u(member).phone)
    secrets = (f.SECRET_NAME, phone, phone[:3] + "****" + phone[-4:])
    worker = login(Client(), f.u(member))
    category = f.category("wages")
    worker.post(
        reverse("legal_aid_portal:request_new"),
        {"category": category.pk, "description": "匿名反映", "anonymous": "on", "request_key": "anon-" + "b" * 20},
    )
    item = WorkerRequest.objects.get(requester=f.u(member))
    assert item.anonymous
    handler = login(Client(), world.actor("same_with", HANDLE_REQUESTS))
    console = reverse("legal_aid:request_detail", args=[item.pk])
    assert f.SECRET_NAME in handler.get(console).content.decode()  # the staff who act on it see who it is
    handler.post(console, {"action": "answer", "answer": "已收到"})
    worker.post(reverse("legal_aid_portal:request_detail", args=[item.pk]), {"action": "rate", "rating": "5"})
    everyone_else = [
        world.actor("same_without", HANDLE_REQUESTS),  # sees the request, may not act on it
        f.viewer(world, world.province),  # sees the whole tree, handles nothing
        world.actor("sibling", VIEW_REQUESTS),
        world.member,
    ]
    urls = [
        reverse("console:home"),
        reverse("legal_aid:request_list"),
        console,
        reverse("legal_aid:request_export"),
        reverse("legal_aid:request_stats"),
        reverse("legal_aid:request_stats_export"),
        reverse("legal_aid:request_categories"),
        "/api/v1/legal-aid/requests/",
        f"/api/v1/legal-aid/requests/{item.pk}/",
        reverse("legal_aid_portal:request_mine"),
        reverse("legal_aid_portal:request_detail", args=[item.pk]),
    ]
    for actor in everyone_else:
        client = login(Client(), actor)
        for url in urls:
            response = client.get(url)
            body = response.content
            if url.endswith(".xlsx") and response.status_code == 200:
                sheet = load_workbook(io.BytesIO(body)).active
                body = " ".join(str(c.value) for row in sheet.iter_rows() for c in row).encode()
            text = body.decode(errors="replace")
            for secret in secrets:
                assert secret not in text, (actor, url, secret)
    # The API never names an anonymous requester, not even to the handlers.
    api = handler.get(f"/api/v1/legal-aid/requests/{item.pk}/").content.decode()
    assert f.SECRET_NAME not in api
    assert phone not in api
    about = AuditEvent.objects.filter(action__startswith="legal_aid.") | AuditEvent.objects.filter(
        action__startswith="attachments."
    )
    assert about.filter(target_id=str(item.pk), action="legal_aid.request_submit").exists()
    for event in about:
        blob = f"{event.actor_repr} {event.target_repr} {event.data} {event.changes}"
        for secret in (f.SECRET_NAME, phone):
            assert secret not in blob, event.action
    for record in caplog.records:
        line = record.getMessage()
        assert f.SECRET_NAME not in line
        assert phone not in line
