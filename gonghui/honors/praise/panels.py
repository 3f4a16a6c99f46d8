"""The console home's panel of the praise wall: posts waiting for moderation and open reports."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.honors.models import PraisePost, PraiseReport, PraiseStatus, ReportStatus
from gonghui.honors.permissions import MODERATE_PRAISE


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MODERATE_PRAISE):
        return []
    url = reverse("honors:praise_queue")
    return [
        summarize(
            PraisePost.objects.filter(
                access.scope_q(actor, MODERATE_PRAISE, path_field="unit__path"),
                status__in=(PraiseStatus.PENDING, PraiseStatus.HELD),
            ),
            label=_("点赞待审核"),
            url=url,
            since="created_at",
        ),
        summarize(
            PraiseReport.objects.filter(
                access.scope_q(actor, MODERATE_PRAISE, path_field="post__unit__path"), status=ReportStatus.OPEN
            ),
            label=_("点赞台举报待处理"),
            url=f"{url}?reported=1",
            since="at",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("点赞台"), waiting=waiting, order=76)]
