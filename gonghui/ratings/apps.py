from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "gonghui.ratings"
    label = "ratings"
    verbose_name = _("服务评价")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        return None
