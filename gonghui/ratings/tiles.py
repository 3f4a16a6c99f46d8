from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile
from gonghui.ratings.selectors import has_ratings_for

TILES = [
    Tile(
        label=_("服务评价"),
        url_name="ratings_portal:pending",
        description=_("为办结的服务打分"),
        icon="star",
        order=90,
        when=has_ratings_for,
    ),
]
