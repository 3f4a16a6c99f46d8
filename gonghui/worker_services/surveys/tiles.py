"""Member portal tile "问卷调查": shown only while the member has an open survey to answer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile
from gonghui.worker_services.surveys.selectors import has_open_survey

TILES: list[Any] = [
    Tile(
        label=_("问卷调查"),
        url_name="worker_services_portal:survey_home",
        description=_("工会想听听您的需求和意见"),
        icon="service",
        order=70,
        when=has_open_survey,
    )
]
