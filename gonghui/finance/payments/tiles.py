"""Member portal tile of payments: 我的款项."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("我的款项"),
        url_name="finance_portal:my_payments",
        description=_("补助、慰问等款项的审批和发放情况"),
        icon="card",
        order=40,
    ),
]
