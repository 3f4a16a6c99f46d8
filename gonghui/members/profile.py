"""The worker's membership on the portal's profile page (registered in ``MembersConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.portal.profile import ProfileBlock


def membership_block(user: Any) -> ProfileBlock | None:
    from gonghui.members.roster.selectors import my_member

    member = my_member(actor=user)
    if member is None:
        return None
    facts = [
        (_("所在工会"), member.unit.name),
        (_("会员编号"), member.member_no),
        (_("入会时间"), date_format(member.joined_on, "DATE_FORMAT")),
        (_("会籍状态"), str(member.get_status_display())),
    ]
    if member.employer_name:
        facts.insert(1, (_("工作单位"), member.employer_name))
    note = _(
        "姓名、证件号码、工作单位和会籍以{unit}登记的为准，不能在这里修改。如需更正，请联系{unit}，"
        "或拨打职工服务热线 12351；更换了工作单位请申请组织关系接转。"
    ).format(unit=member.unit.display_name)
    return ProfileBlock(title=_("我的会籍"), facts=facts, note=note, name=member.name)
