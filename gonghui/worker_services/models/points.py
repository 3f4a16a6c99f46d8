"""Models of ``points/``: service points (职工之家, 爱心驿站, 职工服务中心) and the problems workers report.

- ``ServicePoint``: a place run by a union where workers rest, drink, charge a phone or get help: its kind, name,
  address, district, WGS-84 location, weekly opening hours, facilities, phone, status (active / suspended /
  closed, moved by action), whether it is published on the portal, and the day staff last verified the record.
- ``PointReport``: a signed-in worker's report of a problem with a point (closed when it should be open, a broken
  facility, wrong information), resolved by the point's union with a note.
- ``PointEvent``: every step of a point or of a report on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Facility",
    "PointEvent",
    "PointKind",
    "PointReport",
    "PointStatus",
    "ReportKind",
    "ReportStatus",
    "ServicePoint",
]


class PointKind(models.TextChoices):
    HOME = "home", _("职工之家")
    STATION = "station", _("户外劳动者服务站（爱心驿站）")
    CENTRE = "centre", _("职工服务中心")
    OTHER = "other", _("其他服务点")


class PointStatus(models.TextChoices):
    ACTIVE = "active", _("正常开放")
    SUSPENDED = "suspended", _("暂停开放")
    CLOSED = "closed", _("已撤销")


class Facility(models.TextChoices):
    WATER = "water", _("饮用水")
    CHARGING = "charging", _("手机充电")
    TOILET = "toilet", _("卫生间")
    REST = "rest", _("休息区")
    MICROWAVE = "microwave", _("微波炉")
    FIRST_AID = "first_aid", _("急救药箱")
    WIFI = "wifi", _("无线网络")
    AC = "ac", _("空调（冷暖）")
    BOOKS = "books", _("书报阅览")
    REPAIR = "repair", _("维修工具")


class ServicePoint(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=PointKind.choices)
    name = models.CharField(_("名称"), max_length=60)
    address = models.CharField(_("地址"), max_length=120)
    city = models.CharField(_("城市"), max_length=20, blank=True)
    district = models.CharField(_("区县"), max_length=20, blank=True)
    # WGS-84 degrees (what a browser's geolocation gives), six places: about 0.1 m.
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    # Weekly hours: {"0": [["08:30", "17:30"]], ..., "6": []}, 0 is Monday (see ``points.hours``).
    hours = models.JSONField(_("开放时间"), default=dict, blank=True)
    hours_note = models.CharField(_("开放时间说明"), max_length=100, blank=True)
    facilities = models.JSONField(_("设施"), default=list, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    description = models.TextField(_("简介"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PointStatus.choices, default=PointStatus.ACTIVE)
    published = models.BooleanField(_("已在门户公开"), default=False)
    verified_on = models.DateField(_("最近核实日期"))
    # Set by the daily job when ``verified_on`` is older than the policy's number of days; cleared on verifying.
    stale_since = models.DateField(_("待核实起始日"), null=True, blank=True)
    stale_policy_record_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("服务阵地")
        verbose_name_plural = _("服务阵地")
        ordering = ["name", "pk"]
        indexes = [
            # The nearest-point search: a bounding box on latitude, then longitude, of public points.
            models.Index(fields=["latitude", "longitude"], name="ws_point_location"),
            models.Index(fields=["unit", "status"], name="ws_point_unit_status"),
            models.Index(fields=["district"], name="ws_point_district"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="ws_point_location_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportKind(models.TextChoices):
    CLOSED = "closed", _("应开放时未开放")
    FACILITY = "facility", _("设施损坏或缺失")
    WRONG_INFO = "wrong_info", _("信息有误（地址、时间、电话）")
    HYGIENE = "hygiene", _("环境卫生问题")
    OTHER = "other", _("其他问题")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已处理")


class PointReport(models.Model):
    point = models.ForeignKey(ServicePoint, verbose_name=_("服务阵地"), on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("反映人"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("问题类型"), max_length=12, choices=ReportKind.choices)
    description = models.TextField(_("问题描述"))
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    note = models.TextField(_("处理说明"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    # The form's one-time key: a double click or a retry files one report.
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("反映时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务阵地问题反映")
        verbose_name_plural = _("服务阵地问题反映")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="ws_point_report_status")]

    def __str__(self) -> str:
        return f"{self.point} · {self.get_kind_display()}"


class PointEvent(models.Model):
    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="events")
    report = models.ForeignKey(PointReport, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("服务阵地记录")
        verbose_name_plural = _("服务阵地记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
