from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "gonghui.overview"
    label = "overview"
    verbose_name = _("一屏总览")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        return None
