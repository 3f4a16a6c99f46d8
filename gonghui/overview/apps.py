from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "gonghui.overview"
    label = "overview"
    verbose_name = _("一屏总览")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.overview import permissions, schedule  # noqa: F401 - declares its names on import

        JOBS.add(self.label, schedule.SCHEDULE)
