"""Precomputed member statistics (会员统计快照).

``MemberStatsSnapshot`` holds, for one unit with sub-units and one member status (or ``all``), the member counts
of the unit's whole subtree per statistics dimension, as refreshed by the background job
(``gonghui.members.tasks_stats.refresh_member_stats``, every 30 s). The statistics page of such a unit reads one
row instead of scanning the subtree; it shows ``computed_at`` (when the counted data was read).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatsSnapshot(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("会员状态"), max_length=16)  # a MemberStatus value or "all"
    as_of = models.DateField(_("年龄计算日"))
    computed_at = models.DateTimeField(_("数据时间"))
    # {"unit": {child path: n}, "region": {code: n}, "industry": {section: n}, "gig_type": {...}, "gender": {...},
    #  "age_band": {...}, "join_year": {"2024": n}}; missing keys count 0
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("会员统计快照")
        verbose_name_plural = _("会员统计快照")
        constraints = [models.UniqueConstraint(fields=["unit", "status"], name="members_stats_snapshot_uniq")]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.status}@{self.computed_at:%H:%M:%S}"
