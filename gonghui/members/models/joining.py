"""Online joining (网上入会, incl. gig workers), organisational transfer (接转) and member cards.

- ``JoinApplication``: a worker's own application from the portal. The document number is stored only as
  ciphertext, blind index and masked form (``keys.id_keys``). The application goes to the union of the
  employer, or for a gig worker (新就业形态劳动者) to the union configured in ``GigRoute`` for the work region and
  gig type (falling back to the county's joint union (联合工会), else to the county federation's queue, where a
  clerk assigns a union on approval). Its ``status`` mirrors the review case.
- ``GigRoute``: which union receives gig workers of a region (GB/T 2260 code prefix) and gig type.
- ``Transfer``: a membership moving from one union to another: requested → released (old union) →
  accepted (new union), or rejected / cancelled.
- ``MemberCard``: a member card; the QR code carries ``payload`` signed with Ed25519 (``gonghui.members.cards.tokens``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.members.models.roster import Gender, GigType, IdType


class GigRoute(models.Model):
    """Gig workers working in ``region_code*`` (a GB/T 2260 prefix) with ``gig_type`` (blank: any) join ``unit``."""

    region_code = models.CharField(_("工作地行政区划代码（前缀）"), max_length=6)
    gig_type = models.CharField(_("新就业形态类型"), max_length=16, choices=GigType.choices, blank=True, default="")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("受理工会"), on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("新就业形态入会路由")
        verbose_name_plural = _("新就业形态入会路由")
        ordering = ["region_code", "gig_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "gig_type"],
                condition=models.Q(is_active=True),
                name="members_gigroute_active_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.gig_type or '*'}"


class JoinStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("审核中")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


# An application still being handled: the applicant may not apply again, nor may anyone with the same document.
PENDING_JOIN_STATUSES = (JoinStatus.SUBMITTED, JoinStatus.RETURNED)


class JoinApplication(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人账户"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT)
    id_cipher = models.TextField(_("证件号码（密文）"))
    id_bidx = models.CharField(max_length=32, db_index=True)
    id_masked = models.CharField(_("证件号码"), max_length=32)
    phone = models.CharField(_("手机号（已验证）"), max_length=11)
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gig_type = models.CharField(_("新就业形态类型"), max_length=16, choices=GigType.choices, blank=True, default="")
    gig_platform = models.CharField(_("所在平台"), max_length=64, blank=True)
    work_region = models.CharField(_("工作地（县级行政区划代码）"), max_length=6, blank=True)
    target_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("受理工会"), on_delete=models.PROTECT, related_name="+"
    )
    gig_route = models.ForeignKey(GigRoute, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The union the member will belong to: the target itself when it holds members (grassroots, joint, industry,
    # sub-union); blank while an application waits in a federation's queue for a clerk to assign one.
    member_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("入会工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=16, choices=JoinStatus.choices, default=JoinStatus.DRAFT)
    review_case = models.ForeignKey(
        "review.ReviewCase",
        verbose_name=_("审核事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_unit", "status"], name="members_join_unit_status_idx"),
            models.Index(fields=["applicant", "-created_at"], name="members_join_applicant_idx"),
        ]

    def __str__(self) -> str:
        from gonghui.common.masking import mask_name

        return f"入会申请 {mask_name(self.name)}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("members:join_detail", args=[self.pk])

    @property
    def is_gig(self) -> bool:
        return bool(self.gig_type)

    @property
    def masked_phone(self) -> str:
        from gonghui.common.masking import mask_phone

        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        from gonghui.common.masking import mask_name

        return mask_name(self.name)


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("待原工会转出")
    RELEASED = "released", _("待新工会接收")
    ACCEPTED = "accepted", _("已接收")
    REJECTED = "rejected", _("未同意")
    CANCELLED = "cancelled", _("已取消")


OPEN_TRANSFER_STATUSES = (TransferStatus.REQUESTED, TransferStatus.RELEASED)


class Transfer(models.Model):
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("转出工会"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("转入工会"), on_delete=models.PROTECT, related_name="+")
    to_employer = models.ForeignKey(
        "orgs.Employer", verbose_name=_("新工作单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("接转原因"), max_length=200)
    by_member = models.BooleanField(_("会员本人申请"), default=False)
    status = models.CharField(
        _("状态"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("转出经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("转出时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    comment = models.CharField(_("意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("组织关系接转")
        verbose_name_plural = _("组织关系接转")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status__in=["requested", "released"]),
                name="members_transfer_one_open_per_member",
            )
        ]
        indexes = [
            models.Index(fields=["from_unit", "status"], name="members_transfer_from_idx"),
            models.Index(fields=["to_unit", "status"], name="members_transfer_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_unit_id} → {self.to_unit_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TRANSFER_STATUSES


class MemberCard(models.Model):
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    token_id = models.UUIDField(_("卡号"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.TextField(_("签名内容"))
    issued_at = models.DateTimeField(_("发卡时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("会员卡")
        verbose_name_plural = _("会员卡")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(revoked_at__isnull=True), name="members_card_one_valid"
            )
        ]

    def __str__(self) -> str:
        return str(self.token_id)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
