from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "gonghui.ratings"
    label = "ratings"
    verbose_name = _("服务评价")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES
        from gonghui.ratings import (
            nav,
            overview,
            panels,
            permissions,  # noqa: F401 - declares its names on import
            policies,  # noqa: F401 - declares its keys on import
            tiles,
        )

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
