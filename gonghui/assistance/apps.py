from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    verbose_name = _("困难帮扶")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.assistance import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.portal.tiles import TILES

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)

        # critical-illness relief (大病救助)
        from gonghui.assistance.relief.selectors import relief_case_facts, relief_case_portal_url
        from gonghui.assistance.relief.services import RELIEF_PROCESS, on_relief_outcome
        from gonghui.review.hooks import register_outcome_handler, register_subject

        register_outcome_handler(RELIEF_PROCESS, on_relief_outcome)
        register_subject(RELIEF_PROCESS, facts=relief_case_facts, portal_url=relief_case_portal_url)
