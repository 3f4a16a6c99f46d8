"""Service points, the pages and the API: the console's matrix (the sibling union's staff see nothing of our points
or their reports), pinned query counts, the export (masked, audited) and the import page's row errors; the public
map page, its JSON and service worker (only published active or suspended points, no private data), the nearest
sort without JavaScript, a point's page with its ``geo:`` link; the worker's report and its status; the API."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.worker_services.models import PointReport, PointStatus, ServicePoint
from gonghui.worker_services.permissions import MANAGE_POINTS, VIEW_POINTS
from gonghui.worker_services.points import services
from gonghui.worker_services.points.tests import factories as f

pytestmark = pytest.mark.django_db


def _list_guard(world, url: str) -> None:
    """A list page: anonymous visitors go to sign in, workers are refused, the sibling union's staff (holding every
    permission there) get their own empty list: never our records."""
    assert Client().get(url).status_code == 302
    assert login(Client(), world.member).get(url).status_code in (302, 403)
    sibling = login(Client(), world.actor("sibling", VIEW_POINTS)).get(url)
    assert sibling.status_code == 200
    assert CANARY not in sibling.content.decode(errors="replace")
    without = login(Client(), world.actor("same_without", VIEW_POINTS)).get(url)
    assert without.status_code in (302, 403)


def test_console_list_matrix_pinned_and_filters(world, django_assert_max_num_queries):
    ours = f.point(world, name=f"我们的驿站{CANARY}", district="西湖区")
    for i in range(4):
        f.point(world, name=f"驿站{i}", district="上城区", kind="home")
    theirs = f.point(world, unit=world.sibling, name="兄弟区驿站")
    _list_guard(world, reverse("worker_services:point_list"))
    client = login(Client(), world.actor("same_with", VIEW_POINTS))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("worker_services:point_list")).content.decode()
    assert ours.name in page
    assert theirs.name not in page
    filtered = client.get(reverse("worker_services:point_list") + "?kind=home&district=上城区").content.decode()
    assert ours.name not in filtered
    assert "驿站0" in filtered


def test_console_detail_and_actions_matrix(world):
    point = f.point(world, name=f"驿站{CANARY}")
    url = reverse("worker_services:point_detail", args=[point.pk])
    http_matrix(world, VIEW_POINTS, "get", url)
    http_matrix(
        world,
        MANAGE_POINTS,
        "post",
        url,
        data={"action": "suspend", "reason": "装修"},
        state=lambda w: ServicePoint.objects.get(pk=point.pk).status,
    )
    clerk = login(Client(), f.clerk(world))
    clerk.post(url, {"action": "suspend", "reason": "装修"})
    assert ServicePoint.objects.get(pk=point.pk).status == PointStatus.SUSPENDED
    http_matrix(world, MANAGE_POINTS, "get", reverse("worker_services:point_edit", args=[point.pk]))


def test_console_create_page(world):
    clerk = login(Client(), f.clerk(world))
    response = clerk.post(
        reverse("worker_services:point_new"),
        {
            "unit": world.child.pk,
            "kind": "station",
            "name": "新登记驿站",
            "address": "测试路 8 号",
            "latitude": "30.27",
            "longitude": "120.16",
            "datum": "wgs84",
            "hours_text": "每天 07:00-21:00",
            "facilities": ["water"],
            "published": "on",
        },
    )
    assert response.status_code == 302
    made = ServicePoint.objects.get(name="新登记驿站")
    assert (made.unit, made.published) == (world.child, True)
    bad = clerk.post(reverse("worker_services:point_new"), {"unit": world.child.pk, "kind": "station", "name": "x"})
    assert bad.status_code == 200
    assert "请" in bad.content.decode()


def test_export_masked_and_audited(world):
    f.point(world, name="导出驿站", phone="13912345678")
    client = login(Client(), world.actor("same_with", VIEW_POINTS))
    before = AuditEvent.objects.filter(action="worker_services.points_export").count()
    response = client.get(reverse("worker_services:point_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "导出驿站" in text
    assert "13912345678" not in text
    assert AuditEvent.objects.filter(action="worker_services.points_export").count() == before + 1
    f.point(world, name=f"驿站{CANARY}")
    _list_guard(world, reverse("worker_services:point_export"))


def test_import_page_shows_row_errors(world):
    from gonghui.worker_services.points.tests.test_point_services import HEADER, _row, _xlsx

    clerk = login(Client(), f.clerk(world))
    response = clerk.post(
        reverse("worker_services:point_import"),
        {"unit": world.child.pk, "upload": _xlsx([HEADER, _row("好驿站"), _row("坏驿站", 经度="东经")])},
    )
    page = response.content.decode()
    assert "第 3 行" in page
    assert not ServicePoint.objects.filter(name="好驿站").exists()


def test_reports_queue_matrix_and_resolve_page(world, django_assert_max_num_queries):
    point = f.point(world)
    report = f.report(world, point, text=f"坏了{CANARY}")
    for _i in range(3):
        f.report(world, point)
    _list_guard(world, reverse("worker_services:point_report_list"))
    client = login(Client(), world.actor("same_with", VIEW_POINTS))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("worker_services:point_report_list")).status_code == 200
    url = reverse("worker_services:point_report_detail", args=[report.pk])
    http_matrix(world, VIEW_POINTS, "get", url)
    http_matrix(
        world,
        MANAGE_POINTS,
        "post",
        url,
        data={"note": "已修好"},
        state=lambda w: PointReport.objects.get(pk=report.pk).status,
    )


def test_public_pages_show_only_public_points_and_no_private_data(world, django_assert_max_num_queries):
    # Public points of the city federation (its name is public); the hidden ones and every report carry the CANARY.
    shown = f.point(world, unit=world.city, name="公开驿站")
    suspended = f.point(world, unit=world.city, name="暂停驿站")
    services.point_move(actor=f.clerk(world, world.city), point=suspended, action="suspend", reason="装修")
    hidden = f.point(world, name=f"未公开驿站{CANARY}", published=False)
    closed = f.point(world, name=f"撤销驿站{CANARY}")
    services.point_move(actor=f.clerk(world), point=closed, action="close", reason="拆迁")
    f.report(world, shown, by=f.worker(name=f"反映人{CANARY}"), text=f"反映{CANARY}")
    anon = Client()
    with django_assert_max_num_queries(8):
        page = anon.get(reverse("worker_services_portal:point_map")).content.decode()
    data = anon.get(reverse("worker_services_portal:point_data")).json()
    api = anon.get("/api/v1/service-points/").json()
    for body in (page, str(data), str(api)):
        assert "公开驿站" in body
        assert "暂停驿站" in body
        assert "未公开驿站" not in body
        assert "撤销驿站" not in body
        assert CANARY not in body
    for p in (hidden, closed):
        assert anon.get(reverse("worker_services_portal:point_detail", args=[p.pk])).status_code == 404
        assert anon.get(f"/api/v1/service-points/{p.pk}/").status_code == 404
    detail = anon.get(reverse("worker_services_portal:point_detail", args=[shown.pk])).content.decode()
    assert f"geo:{shown.latitude},{shown.longitude}" in detail
    assert "07:00-21:00" in detail


def test_nearest_without_javascript_and_the_service_worker(world):
    near = f.point(world, name="近处驿站", latitude="30.274500", longitude="120.155500")
    f.point(world, name="远处驿站", latitude="30.300000", longitude="120.200000")
    f.point(world, name="宁波驿站", latitude="29.870680", longitude="121.552620")
    page = Client().get(reverse("worker_services_portal:point_map") + "?lat=30.2741&lon=120.1551").content.decode()
    assert page.index("近处驿站") < page.index("远处驿站") < page.index("宁波驿站")
    assert 'id="server-map"' in page
    assert "米" in page
    api = Client().get("/api/v1/service-points/?lat=30.2741&lon=120.1551").json()["results"]
    assert api[0]["id"] == near.pk
    assert api[0]["distance_m"] < 100
    assert Client().get("/api/v1/service-points/?lat=95&lon=120").status_code == 400
    sw = Client().get(reverse("worker_services_portal:point_service_worker"))
    assert sw["Content-Type"].startswith("application/javascript")
    body = sw.content.decode()
    assert reverse("worker_services_portal:point_data") in body
    assert reverse("worker_services_portal:point_service_worker").rsplit("/", 1)[0] == "/services/points"


def test_worker_reports_a_problem_and_sees_the_status(world):
    point = f.point(world)
    worker = f.worker()
    client = login(Client(), worker)
    url = reverse("worker_services_portal:point_report_new", args=[point.pk])
    assert Client().get(url).status_code == 302  # sign in first
    response = client.post(url, {"kind": "closed", "description": "门锁着", "request_key": "key-abcdefgh"})
    report = PointReport.objects.get(reporter=worker)
    assert response.status_code == 302
    client.post(url, {"kind": "closed", "description": "门锁着", "request_key": "key-abcdefgh"})
    assert PointReport.objects.filter(reporter=worker).count() == 1
    services.report_resolve(actor=f.clerk(world), report=report, note="管理员已到岗")
    page = client.get(reverse("worker_services_portal:point_report_detail", args=[report.pk])).content.decode()
    assert "管理员已到岗" in page
    other = login(Client(), f.worker())
    assert other.get(reverse("worker_services_portal:point_report_detail", args=[report.pk])).status_code == 404
    assert point.name in client.get(reverse("worker_services_portal:point_reports")).content.decode()


def test_api_reports_worker_and_staff(world, django_assert_max_num_queries):
    point = f.point(world)
    worker = f.worker()
    client = login(Client(), worker)
    body = {"point": point.pk, "kind": "facility", "description": "充电线坏了", "request_key": "api-key-123456"}
    first = client.post("/api/v1/service-point-reports/", body, content_type="application/json")
    again = client.post("/api/v1/service-point-reports/", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert [r["id"] for r in client.get("/api/v1/service-point-reports/").json()["results"]] == [first.json()["id"]]
    assert login(Client(), f.worker()).get("/api/v1/service-point-reports/").json()["results"] == []
    for _i in range(3):
        f.report(world, point)
    staff = login(Client(), world.actor("same_with", VIEW_POINTS))
    with django_assert_max_num_queries(10):
        assert staff.get("/api/v1/service-point-reports/").json()["count"] == 4
    sibling = login(Client(), world.actor("sibling", VIEW_POINTS))
    assert sibling.get("/api/v1/service-point-reports/").json()["count"] == 0
    resolve = f"/api/v1/service-point-reports/{first.json()['id']}/resolve/"
    assert sibling.post(resolve, {"note": "x"}, content_type="application/json").status_code == 404
    clerk = login(Client(), f.clerk(world))
    done = clerk.post(resolve, {"note": "已更换"}, content_type="application/json")
    assert done.json()["status"] == "resolved"
    anon = Client()
    with django_assert_max_num_queries(4):
        assert anon.get("/api/v1/service-points/").status_code == 200
    assert anon.get("/api/v1/service-points/?bogus=1").status_code == 400
