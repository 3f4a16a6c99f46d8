from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecuperationConfig(AppConfig):
    name = "gonghui.recuperation"
    verbose_name = _("疗休养")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.portal.tiles import TILES
        from gonghui.recuperation import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # A check-up's report (private attachment, health data).
        from gonghui.attachments.registry import OWNERS
        from gonghui.recuperation.health import attachments as health_attachments

        OWNERS.add(self.label, [health_attachments.CHECKUP_OWNER])
