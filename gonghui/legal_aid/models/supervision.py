"""Models of ``supervision/``: labour-law supervision notices (劳动法律监督意见书 / 提示函).

- ``SupervisionNotice``: a union's notice to an employer: the finding, the legal basis, the demand; the employer's
  reply due within the policy's working days; follow-ups; an overdue reply stamped once by a daily job; referral
  (escalation) to the labour inspectorate or the union above; closure.
- ``NoticeEvent``: every step, follow-ups included.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["NoticeEvent", "NoticeStatus", "SupervisionNotice"]


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("待单位回复")
    REPLIED = "replied", _("单位已回复")
    REFERRED = "referred", _("已提请处理")
    CLOSED = "closed", _("已结案")


class SupervisionNotice(models.Model):
    number = models.CharField(_("文书编号"), max_length=24, blank=True)
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("发出工会"), on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField(_("用人单位"), max_length=120)
    employer_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    finding = models.TextField(_("发现的问题"))
    legal_basis = models.TextField(_("法律依据"))
    demand = models.TextField(_("整改要求"))
    issued_on = models.DateField(_("发出日期"))
    reply_due_on = models.DateField(_("回复期限"))
    status = models.CharField(_("状态"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED)
    reply = models.TextField(_("单位回复"), blank=True)
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("逾期督办时间"), null=True, blank=True)
    referred_to = models.CharField(_("提请机关"), max_length=120, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    closing_note = models.TextField(_("结案说明"), blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("劳动法律监督意见书")
        verbose_name_plural = _("劳动法律监督意见书")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["status", "reply_due_on"], name="legal_aid_notice_due")]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class NoticeEvent(models.Model):
    notice = models.ForeignKey(SupervisionNotice, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("监督意见书办理记录")
        verbose_name_plural = _("监督意见书办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
