from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthzConfig(AppConfig):
    name = "gonghui.authz"
    label = "authz"
    verbose_name = _("权限")

    def ready(self) -> None:
        from gonghui.authz import (
            nav,
            permissions,  # noqa: F401 - declares its names on import
        )
        from gonghui.console.nav import NAV

        NAV.add(self.label, nav.NAV)
