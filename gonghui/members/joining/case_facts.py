"""What a join application's review case shows: the facts the reviewer decides on (the review case page) and the
worker's own page of it (我的办事). Registered with ``review.hooks.register_subject`` in ``MembersConfig.ready()``.

Masked by the same rules as the application's own console page: the name in full, the document number and the
phone number masked (never the full numbers on a review page).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.common.masking import mask_phone
from gonghui.members.models import JoinApplication
from gonghui.members.roster.services import MEMBER_UNIT_KINDS
from gonghui.review.hooks import Fact
from gonghui.review.models import ReviewCase


def _region(code: str) -> str:
    from gonghui.orgs.codes import region_get

    region = region_get(code) if code else None
    if region is None:
        return code or "—"
    return f"{region.city}{region.name}" if region.city and region.city != region.name else region.name


def join_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    """The application behind ``case`` (the case page has already checked that ``viewer`` may see the case)."""
    application = (
        JoinApplication.objects.select_related("employer", "target_unit", "member_unit")
        .filter(pk=case.subject_id)
        .first()
    )
    if application is None:
        return []
    facts = [
        Fact(_("姓名"), application.name),
        Fact(_("证件"), f"{application.get_id_type_display()} {application.id_masked}"),
        Fact(_("性别"), application.get_gender_display() or "—"),
        Fact(_("手机号（已验证）"), mask_phone(application.phone)),
    ]
    if application.employer is not None:
        employer = application.employer
        facts.append(Fact(_("工作单位"), employer.name, getattr(employer, "credit_code", "") or ""))
    else:
        facts += [
            Fact(_("就业方式"), _("新就业形态劳动者")),
            Fact(_("从业类型"), application.get_gig_type_display() or "—"),
            Fact(_("所在平台"), application.gig_platform or "—"),
            Fact(_("工作地"), _region(application.work_region)),
        ]
    facts.append(Fact(_("受理工会"), application.target_unit.name))
    if application.member_unit is not None:
        facts.append(Fact(_("入会工会"), application.member_unit.name))
    elif application.target_unit.kind not in MEMBER_UNIT_KINDS:
        facts.append(Fact(_("入会工会"), _("待选择：批准时在入会申请页选择")))
    return facts


def join_case_portal_url(case: ReviewCase) -> str:
    return reverse("member_portal:join_status")
