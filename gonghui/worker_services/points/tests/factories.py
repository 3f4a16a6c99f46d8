"""Test builders of service points: points (through the service), staff of the register, workers and reports."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.testing import World
from gonghui.worker_services.models import PointReport, ServicePoint
from gonghui.worker_services.permissions import MANAGE_POINTS, VIEW_POINTS
from gonghui.worker_services.points import services

_seq = [0]
# 西湖区 (WGS-84): the test points sit around here.
HOME = (30.2741, 120.1551)


def clerk(world: World, unit: Any = None) -> User:
    return world.staff("pointclerk", unit or world.target, [str(VIEW_POINTS), str(MANAGE_POINTS)])


def data(**over: Any) -> services.PointInput:
    _seq[0] += 1
    values: dict[str, Any] = {
        "kind": "station",
        "name": f"测试驿站{_seq[0]}",
        "address": f"测试路 {_seq[0]} 号",
        "latitude": f"{HOME[0]:.6f}",
        "longitude": f"{HOME[1]:.6f}",
        "hours_text": "每天 07:00-21:00",
        "facilities": ["water", "charging"],
        "phone": "0571-88000000",
        "city": "杭州",
        "district": "西湖区",
    }
    values.update(over)
    return services.PointInput(**values)


def point(world: World, *, unit: Any = None, published: bool = True, **over: Any) -> ServicePoint:
    unit = unit or world.child
    return services.point_create(actor=clerk(world, unit), unit=unit, data=data(**over), published=published)


def worker(name: str = "") -> User:
    phone = next_phone()
    return User.objects.create_user(username=phone, phone=phone, name=name or "驿站职工")


def report(world: World, p: ServicePoint, *, by: User | None = None, text: str = "饮水机坏了") -> PointReport:
    made, _created = services.report_submit(actor=by or worker(), point=p, kind="facility", description=text)
    return made
