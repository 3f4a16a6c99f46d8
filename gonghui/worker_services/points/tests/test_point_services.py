"""Service points, the services: the register's rules and refusals, the status machine with its events, the
authorization matrix of every write, the stale flag (once, with the policy record it used), the import (all or
nothing, each bad row named in Chinese), and problem reports (public points only, filed once, resolved once)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import service_matrix
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.policy.selectors import policy_today
from gonghui.worker_services.models import PointEvent, PointReport, PointStatus, ServicePoint
from gonghui.worker_services.permissions import MANAGE_POINTS, VIEW_POINTS
from gonghui.worker_services.points import geo, services
from gonghui.worker_services.points.tests import factories as f

pytestmark = pytest.mark.django_db


def _state(point_id: int):
    return lambda world: ServicePoint.objects.filter(pk=point_id).values_list("status", "verified_on", "name").first()


def test_create_cleans_and_records(world):
    point = services.point_create(
        actor=f.clerk(world),
        unit=world.child,
        data=f.data(name="  文三路\x00 驿站 ", facilities=["wifi", "water"], latitude="30.2790301"),
    )
    assert point.name == "文三路 驿站"
    assert point.facilities == ["water", "wifi"]  # in the catalogue's order
    assert point.latitude == Decimal("30.279030")
    assert point.hours["6"] == [["07:00", "21:00"]]
    assert point.verified_on == policy_today()
    assert not point.published
    assert PointEvent.objects.filter(point=point, action="create").exists()


def test_bad_input_names_every_field_and_writes_nothing(world):
    before = (ServicePoint.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as info:
        services.point_create(
            actor=f.clerk(world),
            unit=world.child,
            data=f.data(kind="x", name=" ", latitude="abc", longitude="200", hours_text="周八 8:00-9:00", phone="a"),
        )
    assert set(info.value.message_dict) >= {"kind", "name", "latitude", "longitude", "hours_text", "phone"}
    assert (ServicePoint.objects.count(), AuditEvent.objects.count()) == before


def test_gcj02_coordinates_are_converted(world):
    point = services.point_create(
        actor=f.clerk(world), unit=world.child, data=f.data(latitude="30.269700", longitude="120.166900", datum="gcj02")
    )
    # In 杭州 GCJ-02 sits a few hundred metres east and a little south of WGS-84: the stored point is west-north.
    assert point.latitude > Decimal("30.269700")
    assert point.longitude < Decimal("120.166900")
    assert geo.wgs84_to_gcj02(float(point.latitude), float(point.longitude)) == pytest.approx(
        (30.2697, 120.1669), abs=1e-6
    )


def test_create_matrix(world):
    service_matrix(
        world,
        MANAGE_POINTS,
        lambda actor, w: services.point_create(actor=actor, unit=w.child, data=f.data()),
        state=lambda w: ServicePoint.objects.count(),
        view_perm=VIEW_POINTS,
    )


@pytest.mark.parametrize("action", ["verify", "update", "suspend", "publish"])
def test_write_matrix(world, action):
    point = f.point(world, published=False)
    acts = {
        "verify": lambda actor, w: services.point_verify(actor=actor, point=point),
        "update": lambda actor, w: services.point_update(actor=actor, point=point, data=f.data(name="新名字")),
        "suspend": lambda actor, w: services.point_move(actor=actor, point=point, action="suspend", reason="装修"),
        "publish": lambda actor, w: services.point_publish(actor=actor, point=point, published=True),
    }
    service_matrix(world, MANAGE_POINTS, acts[action], state=_state(point.pk), view_perm=VIEW_POINTS)


def test_status_moves_by_action_with_events(world):
    clerk, point = f.clerk(world), f.point(world)
    with pytest.raises(ValidationError):
        services.point_move(actor=clerk, point=point, action="suspend", reason="")  # a reason is required
    point = services.point_move(actor=clerk, point=point, action="suspend", reason="装修")
    assert point.status == PointStatus.SUSPENDED
    with pytest.raises(ValidationError):
        services.point_move(actor=clerk, point=point, action="suspend", reason="again")
    point = services.point_move(actor=clerk, point=point, action="reopen")
    point = services.point_move(actor=clerk, point=point, action="close", reason="拆迁")
    for call in (
        lambda: services.point_move(actor=clerk, point=point, action="reopen"),
        lambda: services.point_verify(actor=clerk, point=point),
        lambda: services.point_update(actor=clerk, point=point, data=f.data()),
    ):
        with pytest.raises(ValidationError):
            call()
    moves = list(PointEvent.objects.filter(point=point).values_list("action", "from_status", "to_status"))
    assert moves[1:] == [
        ("suspend", "active", "suspended"),
        ("reopen", "suspended", "active"),
        ("close", "active", "closed"),
    ]


def test_stale_flag_once_with_policy_record_then_cleared_by_verifying(world):
    today = policy_today()
    old = f.point(world)
    fresh = f.point(world)
    ServicePoint.objects.filter(pk=old.pk).update(verified_on=today - timedelta(days=181))
    ServicePoint.objects.filter(pk=fresh.pk).update(verified_on=today - timedelta(days=180))
    assert services.points_flag_stale(today=today) == 1
    assert services.points_flag_stale(today=today) == 0  # once
    old.refresh_from_db()
    assert old.stale_since == today
    fresh.refresh_from_db()
    assert fresh.stale_since is None
    verified = services.point_verify(actor=f.clerk(world), point=old)
    assert (verified.stale_since, verified.verified_on) == (None, today)


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = XlsxWriter(title="t")
    sheet = book.sheet("服务阵地")
    for row in rows:
        sheet.row(row)
    return SimpleUploadedFile("points.xlsx", book.to_bytes())


HEADER: list[object] = list(services.IMPORT_HEADERS)


def _row(name: str, **over: object) -> list[object]:
    values: dict[str, object] = {
        "名称": name,
        "类型": "爱心驿站",
        "地址": f"{name}路 1 号",
        "纬度": "30.27",
        "经度": "120.16",
        "区县": "西湖区",
        "城市": "杭州",
        "开放时间": "每天 07:00-21:00",
        "设施": "饮用水、手机充电",
        "联系电话": "0571-88000000",
        "坐标系": "",
        "简介": "",
    }
    values.update(over)
    return [values[str(h)] for h in HEADER]


def test_import_all_or_nothing_with_row_errors_in_chinese(world):
    clerk = f.clerk(world)
    before = ServicePoint.objects.count()
    result = services.point_import(
        actor=clerk,
        unit=world.child,
        upload=_xlsx(
            [
                HEADER,
                _row("甲驿站"),
                _row("乙驿站", 类型="加油站"),
                _row("丙驿站", 纬度="north"),
                _row("甲驿站"),
                _row("丁驿站", 开放时间="周八 8:00-9:00", 设施="游泳池"),
            ]
        ),
    )
    assert result.created == 0
    assert [e.split("：")[0] for e in result.errors] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行"]
    assert "加油站" in result.errors[0]
    assert "纬度" in result.errors[1]
    assert "重复" in result.errors[2]
    assert ServicePoint.objects.count() == before
    ok = services.point_import(
        actor=clerk, unit=world.child, upload=_xlsx([HEADER, _row("甲驿站"), _row("乙驿站", 坐标系="GCJ-02")])
    )
    assert (ok.created, ok.errors) == (2, [])
    again = services.point_import(actor=clerk, unit=world.child, upload=_xlsx([HEADER, _row("甲驿站")]))
    assert again.created == 0
    assert "已在本工会" in again.errors[0]


def test_import_header_and_matrix(world):
    with pytest.raises(ValidationError):
        services.point_import(actor=f.clerk(world), unit=world.child, upload=_xlsx([["名称", "地址"], ["a", "b"]]))
    service_matrix(
        world,
        MANAGE_POINTS,
        lambda actor, w: services.point_import(actor=actor, unit=w.child, upload=_xlsx([HEADER, _row("戊驿站")])),
        state=lambda w: ServicePoint.objects.count(),
        view_perm=VIEW_POINTS,
    )


def test_report_only_on_public_points_and_filed_once(world):
    worker = f.worker()
    hidden = f.point(world, published=False)
    with pytest.raises(access.NotVisible):
        services.report_submit(actor=worker, point=hidden, kind="closed", description="x")
    point = f.point(world)
    key = "k" * 20
    first, created = services.report_submit(
        actor=worker, point=point, kind="closed", description="锁门", request_key=key
    )
    again, created_again = services.report_submit(
        actor=worker, point=point, kind="closed", description="锁门", request_key=key
    )
    assert (created, created_again, first.pk) == (True, False, again.pk)
    with pytest.raises(ValidationError):
        services.report_submit(actor=f.worker(), point=point, kind="closed", description="x", request_key=key)
    with pytest.raises(ValidationError):
        services.report_submit(actor=worker, point=point, kind="bogus", description="x")


def test_resolve_matrix_and_once(world):
    point = f.point(world)
    report = f.report(world, point)
    service_matrix(
        world,
        MANAGE_POINTS,
        lambda actor, w: services.report_resolve(actor=actor, report=report, note="已修好"),
        state=lambda w: PointReport.objects.filter(pk=report.pk).values_list("status", "note").first(),
        view_perm=VIEW_POINTS,
    )
    done = services.report_resolve(actor=f.clerk(world), report=report, note="已修好")
    assert (done.status, done.note) == ("resolved", "已修好")
    with pytest.raises(ValidationError):
        services.report_resolve(actor=f.clerk(world), report=done, note="again")


def test_reporter_cannot_resolve(world):
    point = f.point(world)
    worker = f.worker()
    report = f.report(world, point, by=worker)
    with pytest.raises((access.NotVisible, access.Forbidden)):
        services.report_resolve(actor=worker, report=report, note="自己修好了")


def test_resolving_a_report_tells_the_worker_once(world):
    from gonghui.notifications.models import Notification

    point = f.point(world)
    by = f.worker()
    report = f.report(world, point, by=by)
    services.report_resolve(actor=f.clerk(world), report=report, note="已更换饮水机")
    inbox = Notification.objects.filter(recipient=by)
    assert inbox.count() == 1
    assert "已处理" in inbox.get().title
    assert inbox.get().url.endswith(f"/services/points/reports/{report.pk}/")
    assert not Notification.objects.exclude(recipient=by).exists()
