"""Member portal tile "职工诉求": every signed-in worker, member or not."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("职工诉求"),
        url_name="legal_aid_portal:request_mine",
        description=_("反映诉求、投诉或困难，工会限期答复"),
        icon="law",
        order=75,
    )
]
