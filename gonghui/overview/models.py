"""一屏总览 (Overview): the kernel's models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OverviewSnapshot(models.Model):
    """The figures of one unit's subtree, precomputed by the refresh job for units with sub-units (federations)
    and tree roots. ``figures``: a list of sources, each ``{"code", "title", "group", "figures": [...]}`` (see
    ``overview.selectors.compute_figures``); ``computed_at``: when the job began reading."""

    unit = models.OneToOneField(
        "orgs.OrgUnit", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="overview_snapshot"
    )
    figures = models.JSONField(_("指标"), default=list)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("总览快照")
        verbose_name_plural = _("总览快照")

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.computed_at:%Y-%m-%d %H:%M:%S}"
