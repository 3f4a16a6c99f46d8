from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    verbose_name = _("平等协商")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.bargaining import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.portal.tiles import TILES

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # The signed minutes of bargaining sessions are private attachments.
        from gonghui.attachments.registry import OWNERS
        from gonghui.bargaining.negotiations.attachments import SESSION_OWNER

        OWNERS.add(self.label, [SESSION_OWNER])
