from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gonghui.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from gonghui.audit import (
            nav,
            permissions,  # noqa: F401 - declares its names on import
        )
        from gonghui.console.nav import NAV

        NAV.add(self.label, nav.NAV)
