from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "gonghui.api"
    label = "api"
    verbose_name = _("接口")

    def ready(self) -> None:
        from gonghui.api import permissions  # noqa: F401 - declares its names on import
