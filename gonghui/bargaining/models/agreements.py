"""Models of ``agreements/``: the employers an agreement covers (the employer itself for an employer's
agreement; the small employers listed by a regional or industry agreement), with their staff count when listed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CoveredEmployer"]


class CoveredEmployer(models.Model):
    case = models.ForeignKey("bargaining.BargainingCase", on_delete=models.CASCADE, related_name="covered")
    employer = models.ForeignKey("orgs.Employer", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    staff_count = models.PositiveIntegerField(_("职工人数"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("覆盖企业")
        verbose_name_plural = _("覆盖企业")
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "employer"], name="bargaining_covered_once")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.employer_id}"
