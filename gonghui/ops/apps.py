from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations kernel: health and readiness probes, Prometheus metrics, structured logs, error reporting and the
    read-replica router. Imports no domain app."""

    name = "gonghui.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from gonghui.ops import signals

        signals.connect()
