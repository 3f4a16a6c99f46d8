"""Member portal tiles: joining (only for a worker who is not a member), the member card and transfer (only for a
member)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only, not_members
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("入会"),
        url_name="member_portal:join",
        description=_("网上申请加入工会"),
        icon="star",
        order=10,
        when=not_members,
    ),
    Tile(
        label=_("会员卡"),
        url_name="member_portal:card",
        description=_("电子会员卡与扫码核验"),
        icon="card",
        order=11,
        when=members_only,
    ),
    Tile(
        label=_("组织关系接转"),
        url_name="member_portal:transfer",
        description=_("更换工作单位后转会"),
        icon="travel",
        order=12,
        when=members_only,
    ),
]
