from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = _("组织")

    def ready(self) -> None:
        from gonghui.console.nav import NAV
        from gonghui.orgs import (
            nav,
            permissions,  # noqa: F401 - declares its names on import
        )

        NAV.add(self.label, nav.NAV)
