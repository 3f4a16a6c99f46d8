from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "gonghui.review"
    label = "review"
    verbose_name = _("逐级审核")

    def ready(self) -> None:
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.review import (
            nav,
            panels,
            permissions,  # noqa: F401 - declares its names on import
        )

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
