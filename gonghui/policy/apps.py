from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "gonghui.policy"
    label = "policy"
    verbose_name = _("政策参数")

    def ready(self) -> None:
        from gonghui.console.nav import NAV
        from gonghui.policy import nav, permissions, policies  # noqa: F401 - declare names and keys on import

        NAV.add(self.label, nav.NAV)
