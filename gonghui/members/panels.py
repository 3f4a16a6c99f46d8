"""The console home's panel of members: join applications to decide, applications in a federation's queue that
need a union chosen (e.g. couriers where no joint union exists), transfers to release or accept."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.members.models import JoinApplication, JoinStatus, Transfer, TransferStatus
from gonghui.members.permissions import APPROVE_JOIN, TRANSFER_MEMBER
from gonghui.members.roster.services import MEMBER_UNIT_KINDS


def waiting(actor: Any) -> list[Waiting]:
    out: list[Waiting] = []
    today = timezone.localdate()
    if access.check_anywhere(actor, APPROVE_JOIN):
        submitted = JoinApplication.objects.filter(
            access.scope_q(actor, APPROVE_JOIN, path_field="target_unit__path"), status=JoinStatus.SUBMITTED
        )
        join_url = reverse("members:join_list")
        unassigned = Q(member_unit__isnull=True) & ~Q(target_unit__kind__in=sorted(MEMBER_UNIT_KINDS))
        out.append(
            summarize(
                submitted.filter(~unassigned),
                label=_("入会申请待审核"),
                url=f"{join_url}?status=submitted",
                since="submitted_at",
                overdue=Q(review_case__due_on__lt=today),
            )
        )
        out.append(
            summarize(
                submitted.filter(unassigned),
                label=_("入会申请待选择工会（所在地无联合工会）"),
                url=f"{join_url}?status=submitted",
                since="submitted_at",
                overdue=Q(review_case__due_on__lt=today),
            )
        )
    if access.check_anywhere(actor, TRANSFER_MEMBER):
        to_act = Q(status=TransferStatus.REQUESTED) & access.scope_q(
            actor, TRANSFER_MEMBER, path_field="from_unit__path"
        )
        to_act |= Q(status=TransferStatus.RELEASED) & access.scope_q(actor, TRANSFER_MEMBER, path_field="to_unit__path")
        out.append(
            summarize(
                Transfer.objects.filter(to_act),
                label=_("组织关系接转待办理"),
                url=f"{reverse('members:transfer_list')}?status=open",
                since="requested_at",
            )
        )
    return out


PANELS = [Panel(title=_("会员"), waiting=waiting, order=20)]
