from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "gonghui.demo"
    label = "demo"
    verbose_name = _("演示数据")

    def ready(self) -> None:
        from gonghui.common.sources import SOURCES, SourceKind

        # The demo's stand-ins for modules not built yet, and its own vouchers.
        SOURCES.add(
            self.label,
            [
                SourceKind("demo.recuperation", _("疗休养（演示）")),
                SourceKind("demo.ledger", _("演示凭证")),
            ],
        )
