"""The console home's panel of skill and teaching contests: stages being judged (to close when scoring is done) and
finished contests whose results are not yet published."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.contests.models import Contest, ContestStage, ContestStatus, StageStatus
from gonghui.contests.permissions import MANAGE_COMPETITIONS


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_COMPETITIONS):
        return []
    scoped = Contest.objects.filter(access.scope_q(actor, MANAGE_COMPETITIONS, path_field="unit__path"))
    url = reverse("contests:competition_list")
    return [
        summarize(
            scoped.filter(pk__in=ContestStage.objects.filter(status=StageStatus.OPEN).values("contest_id")),
            label=_("竞赛赛段评分中"),
            url=f"{url}?status=running",
            since="starts_on",
        ),
        summarize(
            scoped.filter(status=ContestStatus.FINISHED),
            label=_("竞赛已结束待公布结果"),
            url=f"{url}?status=finished",
            since="starts_on",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("技能和教学竞赛"), waiting=waiting, order=80)]
