"""Policy records: the value of a policy key set by an org unit from an effective date.

Records are append-only. A change of policy is a new record with a later ``effective_from``; a record in force
is never edited or deleted, so that every past decision can still name the record (and so the value, issuing
unit and document) that produced it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.common.models import AppendOnlyModel
from gonghui.policy import registry


class PolicyRecord(AppendOnlyModel):
    key = models.CharField(
        _("参数"), max_length=registry.KEY_MAX_LENGTH, db_index=True, validators=[registry.validate_defined]
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("发布组织"), on_delete=models.PROTECT, related_name="policy_records"
    )
    value = models.JSONField(_("取值"))
    effective_from = models.DateField(_("生效日期"))
    note = models.CharField(_("依据文件"), max_length=200, help_text=_("发文字号或说明，如：浙工发〔2026〕12号"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("取代的版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("同一组织、同一参数在此生效日期之前执行的版本"),
    )

    class Meta:
        verbose_name = _("政策参数版本")
        verbose_name_plural = _("政策参数版本")
        constraints = [
            models.UniqueConstraint(fields=["key", "unit", "effective_from"], name="policy_record_key_unit_date_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.key} · {self.unit} · {self.effective_from:%Y-%m-%d}"

    @property
    def definition(self) -> registry.PolicyKey:
        return registry.get(self.key)

    @property
    def typed_value(self) -> Any:
        return self.definition.parse(self.value)

    @property
    def display_value(self) -> str:
        return self.definition.format(self.typed_value)
