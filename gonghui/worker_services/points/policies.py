"""Policy keys of ``points/``: how many days a service point's record may go unverified before the console home
asks its union to check it again ("keep the register current")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("服务阵地")

VERIFY_DAYS = define(
    key="worker_services.point_verify_days",
    label=_("服务阵地信息核实周期"),
    type=PolicyType.INT,
    unit=_("天"),
    default=180,
    help=_("服务阵地的信息（地址、开放时间、设施、电话）超过此天数未核实的，列入工作台“待核实”提醒。"),
    section=SECTION,
    min_value=7,
    max_value=730,
)
