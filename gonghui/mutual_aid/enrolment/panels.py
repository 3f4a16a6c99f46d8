"""The console home's panel of whole-unit enrolment: lists waiting for review and corrections waiting for
confirmation (reviewers), confirmed lists and corrections whose fee is waiting to be received (the federation's
finance staff), lists to submit (the union's clerk)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.mutual_aid.models import CorrectionStatus, Enrolment, EnrolmentCorrection, EnrolmentStatus
from gonghui.mutual_aid.permissions import MANAGE_ENROLMENT, RECORD_FEE, REVIEW_ENROLMENT


def waiting(actor: Any) -> list[Waiting]:
    out: list[Waiting] = []
    url = reverse("mutual_aid:enrolment_list")
    if access.check_anywhere(actor, RECORD_FEE):
        fees = Enrolment.objects.filter(
            access.scope_q(actor, RECORD_FEE, path_field="plan__unit__path"), status=EnrolmentStatus.CONFIRMED
        )
        out.append(
            summarize(
                fees, label=_("互助保障参保名单待登记会费到账"), url=f"{url}?status=confirmed", since="updated_at"
            )
        )
        extra = EnrolmentCorrection.objects.filter(
            access.scope_q(actor, RECORD_FEE, path_field="enrolment__plan__unit__path"),
            status=CorrectionStatus.CONFIRMED,
        )
        out.append(summarize(extra, label=_("互助保障月度调整待登记补缴到账"), url=url, since="created_at"))
    if access.check_anywhere(actor, REVIEW_ENROLMENT):
        review = Enrolment.objects.filter(
            access.scope_q(actor, REVIEW_ENROLMENT, path_field="unit__path"), status=EnrolmentStatus.SUBMITTED
        )
        out.append(
            summarize(review, label=_("互助保障参保名单待审核"), url=f"{url}?status=submitted", since="updated_at")
        )
        drafts = EnrolmentCorrection.objects.filter(
            access.scope_q(actor, REVIEW_ENROLMENT, path_field="enrolment__unit__path"), status=CorrectionStatus.DRAFT
        )
        out.append(summarize(drafts, label=_("互助保障月度调整待确认"), url=url, since="created_at"))
    if access.check_anywhere(actor, MANAGE_ENROLMENT):
        returned = Enrolment.objects.filter(
            access.scope_q(actor, MANAGE_ENROLMENT, path_field="unit__path"),
            status__in=(EnrolmentStatus.RETURNED, EnrolmentStatus.DRAFT),
        )
        out.append(
            summarize(returned, label=_("互助保障参保名单待提交"), url=f"{url}?status=returned", since="updated_at")
        )
    return out


PANELS = [Panel(title=_("互助保障参保"), waiting=waiting, order=70)]
