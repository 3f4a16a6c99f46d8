"""The console home's panel of model workers' check-ups: results to record (the day has come), follow-ups of
abnormal results not recorded (overdue past their due date), changes of day asked by workers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.recuperation.health.selectors import state_q
from gonghui.recuperation.models import Checkup
from gonghui.recuperation.permissions import MANAGE_CHECKUPS


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_CHECKUPS):
        return []
    scoped = Checkup.objects.filter(access.scope_q(actor, MANAGE_CHECKUPS, path_field="unit__path"))
    url = reverse("recuperation:checkup_list")
    today = timezone.localdate()
    return [
        summarize(
            scoped.filter(state_q("to_record")),
            label=_("劳模体检待登记结果"),
            url=f"{url}?state=to_record",
            since="day",
        ),
        summarize(
            scoped.filter(state_q("follow_up")),
            label=_("体检异常待复查"),
            url=f"{url}?state=follow_up",
            since="follow_up_due",
            overdue=Q(follow_up_due__lt=today),
        ),
        summarize(
            scoped.filter(state_q("change")), label=_("劳模申请改约体检"), url=f"{url}?state=change", since="updated_at"
        ),
    ]


PANELS = [Panel(title=_("劳模体检"), waiting=waiting, order=66)]
