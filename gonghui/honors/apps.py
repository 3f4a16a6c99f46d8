from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "gonghui.honors"
    verbose_name = _("劳模工匠")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.honors import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.portal.tiles import TILES

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        self._ready_campaigns()

    def _ready_campaigns(self) -> None:
        """Nomination campaigns: review outcomes and the facts a reviewer sees, the deeds' files, allowances'
        payments by name."""
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.sources import SOURCES
        from gonghui.honors.campaigns import attachments, selectors, services, sources
        from gonghui.review.hooks import register_outcome_handler, register_subject

        for code in services.PROCESS_CODES:
            register_outcome_handler(code, services.on_nomination_outcome)
            register_subject(
                code, facts=selectors.nomination_case_facts, portal_url=selectors.nomination_case_portal_url
            )
        OWNERS.add(self.label, [attachments.NOMINATION_OWNER])
        SOURCES.add(self.label, sources.SOURCES)
