from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetireesConfig(AppConfig):
    name = "gonghui.retirees"
    verbose_name = _("退休职工")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES
        from gonghui.retirees import nav, overview, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.retirees.clubs.attachments import ACTIVITY_OWNER
        from gonghui.retirees.visits.attachments import VISIT_OWNER

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # Photos: a club activity's (group photos), a visit's (sensitive).
        OWNERS.add(self.label, [ACTIVITY_OWNER, VISIT_OWNER])
