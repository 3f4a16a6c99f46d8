"""Roster import jobs (批量导入): one uploaded file, its dry run, its row errors and its batched import.

A job moves ``uploaded → validated`` (the dry run counted valid and invalid rows and stored each row error)
``→ importing → done`` (or ``failed``/``cancelled``). The import writes batches of ``batch_size`` rows; each batch
commits in one transaction together with ``last_committed_row``, so a job killed mid-import resumes after the last
committed batch. The uploaded file is kept privately under ``MEDIA_ROOT/imports/`` (never served as media).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (.xlsx)"
    XLS = "xls", "Excel 97-2003 (.xls)"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传，校验中")
    VALIDATED = "validated", _("已校验，待确认")
    IMPORTING = "importing", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


ACTIVE_IMPORT_STATUSES = (ImportStatus.UPLOADED, ImportStatus.IMPORTING)


class ImportJob(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("导入工会"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file_path = models.CharField(max_length=200)  # relative to MEDIA_ROOT, under imports/
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(_("格式"), max_length=8, choices=ImportFormat.choices)
    encoding = models.CharField(_("编码"), max_length=16, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    message = models.CharField(_("说明"), max_length=300, blank=True)

    total = models.PositiveIntegerField(_("总行数"), default=0)
    valid = models.PositiveIntegerField(_("有效行"), default=0)
    invalid = models.PositiveIntegerField(_("错误行"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化"), default=0)
    progress = models.PositiveIntegerField(_("已处理行数"), default=0)
    batch_size = models.PositiveIntegerField(default=10000)  # rows per transaction (see docs/performance.md, P1)
    last_committed_row = models.PositiveIntegerField(default=0)  # file row number (header = 1) of the last batch
    errors_ready = models.BooleanField(_("错误报告已生成"), default=False)
    # The file's shape as the dry run found it: {"sheet", "sheets", "header_row", "recognised": {field label:
    # header text}, "ignored": [header texts], "example_row"} (``headers.HeaderMap.layout``).
    layout = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's lease on a running job (``imports.lease``): renewed every few seconds while a worker reads or
    # writes it; a running job whose lease has run out has lost its worker. Null: no worker has taken it yet.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=96, blank=True)  # "host:pid" of the lease holder; "" when released

    class Meta:
        verbose_name = _("会员导入任务")
        verbose_name_plural = _("会员导入任务")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit", "-id"], name="members_import_unit_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} #{self.pk}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.progress / self.total))

    @property
    def is_running(self) -> bool:
        return self.status in ACTIVE_IMPORT_STATUSES

    @property
    def is_stalled(self) -> bool:
        """Running, but its worker's lease ran out (no heartbeat for ``LEASE_SECONDS``): the worker died; the clerk
        may resume or cancel. A job no worker has taken yet (queued) is not stalled; an import of before the lease
        existed is judged by its last batch."""
        from datetime import timedelta

        from django.utils import timezone

        from gonghui.members.imports.lease import LEASE_SECONDS

        if self.status not in ACTIVE_IMPORT_STATUSES:
            return False
        if self.heartbeat_at is not None and not self.worker:
            return False  # released by a worker that finished its run; queued again
        sign = self.heartbeat_at or (self.updated_at if self.status == ImportStatus.IMPORTING else None)
        return sign is not None and sign < timezone.now() - timedelta(seconds=LEASE_SECONDS)

    @property
    def is_queued(self) -> bool:
        return self.status in ACTIVE_IMPORT_STATUSES and not self.worker and not self.is_stalled


class ImportRowError(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("行号"))  # the row's own number in its sheet, as the clerk sees it
    name = models.CharField(_("姓名"), max_length=64, blank=True)  # the row's name, to find it in the file
    column = models.CharField(_("列"), max_length=64, blank=True)
    value = models.CharField(_("内容"), max_length=200, blank=True)  # ID numbers masked
    reason = models.CharField(_("原因"), max_length=300)
    code = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("导入错误")
        verbose_name_plural = _("导入错误")
        ordering = ["job", "row", "id"]
        indexes = [models.Index(fields=["job", "row"], name="members_importerr_row_idx")]

    def __str__(self) -> str:
        return f"{self.row}: {self.reason}"
