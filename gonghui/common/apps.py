from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "gonghui.common"
    label = "common"
    verbose_name = _("通用")

    def ready(self) -> None:
        from gonghui.common import schedule
        from gonghui.common.periodic import JOBS

        JOBS.add(self.label, schedule.SCHEDULE)

        from gonghui.common import checks  # noqa: F401  (registers the deploy checks)
