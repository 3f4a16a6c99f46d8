"""Member portal tile "厂务公开" (members only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.congress.suggestions.tiles import members_only
from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("厂务公开"),
        url_name="congress_portal:disclosure_mine",
        description=_("本单位公开事项，可提出问询"),
        icon="law",
        order=71,
        when=members_only,
    )
]
