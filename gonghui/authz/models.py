"""Roles (named bundles of permissions, editable data) and role grants on org units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.common.datanames import dataname


class Role(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    is_system = models.BooleanField(_("系统预置"), default=False)
    # Default permissions already applied by ``roles_sync``; a permission staff removed is not re-added.
    defaults_applied = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (``common.datanames``)."""
        return dataname(self.name)

    @property
    def display_description(self) -> str:
        return dataname(self.description)

    def permission_names(self) -> list[str]:
        return sorted(rp.permission for rp in self.role_permissions.all())


class RolePermission(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_permissions")
    permission = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "permission"], name="authz_roleperm_uniq")]
        indexes = [models.Index(fields=["permission", "role"], name="authz_roleperm_perm_idx")]

    def __str__(self) -> str:
        return f"{self.role_id}:{self.permission}"


class RoleGrant(models.Model):
    """A role held by a user on an org unit, inherited by the unit's whole subtree. Revoked grants are kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grants")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="grants")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="role_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=models.Q(revoked_at__isnull=True),
                name="authz_grant_active_uniq",
            )
        ]
        indexes = [models.Index(fields=["user", "revoked_at"], name="authz_grant_user_active_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} @ {self.unit_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
