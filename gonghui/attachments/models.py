"""An attachment: a private file that belongs to one record (see ``gonghui.attachments``)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.registry import Kind

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


def private_storage() -> Storage:
    """The ``STORAGES["private"]`` alias (a callable, so that tests and deployments may point it elsewhere)."""
    return storages["private"]


def stored_name(instance: Attachment, filename: str) -> str:
    """A random name under the owner's app and the month: the uploaded name never reaches the storage."""
    now = timezone.localtime()
    app = instance.owner_type.app_label if instance.owner_type_id else "misc"
    return f"{app}/{now:%Y/%m}/{secrets.token_hex(16)}{EXTENSIONS.get(instance.mime, '')}"


class Status(models.TextChoices):
    ACTIVE = "active", _("有效")
    REMOVED = "removed", _("已移除")
    PURGED = "purged", _("文件已清除")


class Attachment(models.Model):
    """A file of an owning record (any registered model), kept in the private storage and served only through the
    attachment view. Removing one is a recorded move (``active → removed``); its file is purged later
    (``removed → purged``, see ``ATTACHMENT_PURGE_AFTER_DAYS``) and the row stays for the record."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织"))
    purpose = models.SlugField(_("用途"), max_length=40)
    name = models.CharField(_("文件名"), max_length=200)
    mime = models.CharField(_("文件类型"), max_length=50)
    kind = models.CharField(_("种类"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, help_text=_("存储文件的摘要"))
    source_sha256 = models.CharField(max_length=64, help_text=_("上传原件的摘要（同一文件重复提交时据此识别）"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    sensitive = models.BooleanField(_("敏感"), default=False)
    file = models.FileField(storage=private_storage, upload_to=stored_name, max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)
    removal_reason = models.CharField(_("移除理由"), max_length=200, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["owner_type", "owner_id", "id"]
        indexes = [
            models.Index(fields=["owner_type", "owner_id", "status"], name="attachment_owner"),
            models.Index(fields=["status", "removed_at"], name="attachment_removed"),
        ]
        constraints = [
            # The same file submitted twice to the same record for the same purpose is one attachment.
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "purpose", "source_sha256"],
                condition=Q(status="active"),
                name="attachment_once_per_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind == Kind.IMAGE

    def audit_repr(self) -> str:
        """How the audit trail names it (without the file name, which may carry a person's name)."""
        return f"{self.owner_type.app_label}.{self.owner_type.model}#{self.owner_id} {self.purpose} #{self.pk}"

    def owner_record(self) -> Any:
        """The owning record (one query; ``None`` when it no longer exists)."""
        model = self.owner_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.owner_id).first()
