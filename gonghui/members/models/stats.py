"""Precomputed member statistics (会员统计快照).

``MemberStatsSnapshot`` holds, for one unit with sub-units and one member status (or ``all``), the member counts
of the unit's whole subtree per statistics dimension, as refreshed by the background job
(``gonghui.members.stats.tasks.refresh_member_stats``, every 10 s). The statistics page of such a unit reads one
row instead of scanning the subtree; it shows ``computed_at`` (when the counted data was read).

The refresh is incremental: ``MemberStatsPart`` keeps the counts of each statistics group (not rolled up),
``MemberStatsDirty`` the unions whose members changed since the last run (written by the roster's write paths),
``MemberStatsState`` what the last run saw (its day, a digest of the org tree, its last full recompute). A run
recomputes the dirty groups' parts only and rolls the parts up into the snapshots.
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


class MemberStatsPart(models.Model):
    """The counts of one statistics *group* and one member status, not rolled up: the members counted in ``group``
    by ``stats.selectors.refresh_counts`` (a union with sub-units, or a tree root, counts its own members and those
    of its childless sub-units), per dimension, the "unit" dimension keyed by the path of the member's own union.
    A snapshot is the sum of the parts of its subtree.

    Kept so that a refresh recomputes only the groups whose members changed (``MemberStatsDirty``) and rolls the
    few hundred parts up into the snapshots. ``computed_at`` is when this part's members were last read.

    Why the snapshots of an incremental run may all carry the run's read time as ``computed_at``, although most
    parts were computed earlier: every write that changes a counted column marks the member's union dirty in the
    same transaction, and a mark is deleted only by a run that read the members after the mark's transaction
    committed. So at the moment a run reads the marks, every group without a mark has had no committed change since
    its part was computed: its part is exact at that moment. The dirty groups are recomputed after that moment
    (each statement sees at least as much). Every part, and so every snapshot, is exact as of the moment the run
    began reading: the run's read time, which is the *oldest* moment any part vouches for. A change committed after
    that moment keeps its mark for the next run. Org-side changes (the tree's shape, a union's region or industry,
    an employer's industry) write no marks: the run compares a digest of those columns with the previous run's and
    recomputes everything when it differs (``MemberStatsState.shape``).
    """

    group = models.ForeignKey("orgs.OrgUnit", verbose_name=_("统计组"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("会员状态"), max_length=16)  # a MemberStatus value ("all" is summed at roll-up)
    computed_at = models.DateTimeField(_("数据时间"))
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("会员统计分组计数")
        verbose_name_plural = _("会员统计分组计数")
        constraints = [models.UniqueConstraint(fields=["group", "status"], name="members_stats_part_uniq")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.status}"


class MemberStatsDirty(models.Model):
    """A mark: members of ``unit`` changed in a way the statistics count (written by the roster services and the
    importer in the same transaction as the change). The refresh deletes exactly the marks it read (by id), so a
    mark written while it runs is kept for the next run."""

    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("会员统计待更新标记")
        verbose_name_plural = _("会员统计待更新标记")

    def __str__(self) -> str:
        return f"{self.unit_id}#{self.pk}"


class MemberStatsState(models.Model):
    """One row (pk 1): what the last refresh saw. ``as_of``: its age-band day (a new day recomputes everything);
    ``shape``: a digest of the org-side columns the counts read (every unit's id, path, whether it is a group, its
    region and industry codes; every employer's id and industry code): a different digest recomputes everything;
    ``full_at``: the read time of the last full recompute (the safety net runs at least every
    ``MEMBER_STATS_FULL_REFRESH_MINUTES``); ``computed_at``: the read time of the last successful run."""

    as_of = models.DateField(_("年龄计算日"), null=True)
    shape = models.CharField(max_length=64, blank=True)
    full_at = models.DateTimeField(null=True)
    computed_at = models.DateTimeField(_("数据时间"), null=True)

    class Meta:
        verbose_name = _("会员统计刷新状态")
        verbose_name_plural = _("会员统计刷新状态")

    def __str__(self) -> str:
        return f"{self.as_of} {self.computed_at}"
