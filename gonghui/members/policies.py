"""Policy keys owned by the members app (see ``gonghui.policy.registry``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

IMPORT_FILE_RETENTION_DAYS = define(
    key="members.import_file_retention_days",
    label=_("导入文件最长保留天数"),
    type=PolicyType.INT,
    default=7,
    unit=_("天"),
    help=_(
        "上传的会员名册文件含完整身份证号，加密保存；导入完成或取消时立即删除，"
        "否则在导入任务最后一次操作后这么多天内由系统自动删除（记入审计日志），任务随之关闭。"
    ),
    section=_("会员"),
    min_value=1,
    max_value=30,
)
