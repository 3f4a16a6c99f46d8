"""Member portal tile "会员优惠": partners whose discount is for the worker, or the verification page of a partner's
verifier (shown only to those)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile
from gonghui.worker_services.partners.selectors import has_partners

TILES: list[Any] = [
    Tile(
        label=_("会员优惠"),
        url_name="worker_services_portal:partners",
        description=_("凭电子会员证享受商户优惠"),
        icon="card",
        order=61,
        when=has_partners,
    )
]
