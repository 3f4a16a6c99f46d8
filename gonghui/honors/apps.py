from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "gonghui.honors"
    verbose_name = _("劳模工匠")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.periodic import JOBS
        from gonghui.common.sources import SOURCES
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.honors import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.honors.campaigns import attachments as campaign_attachments
        from gonghui.honors.campaigns import sources as campaign_sources
        from gonghui.honors.praise import attachments as praise_attachments
        from gonghui.honors.studios import sources as studio_sources
        from gonghui.portal.tiles import TILES

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # Private attachments: a nomination's deeds, a praise post's photo.
        OWNERS.add(self.label, [campaign_attachments.NOMINATION_OWNER, praise_attachments.PRAISE_OWNER])
        # Payments by name: model workers' hardship allowances, studios' grants.
        SOURCES.add(self.label, [*campaign_sources.SOURCES, *studio_sources.SOURCES])
        self._ready_reviews()

    def _ready_reviews(self) -> None:
        """Review outcomes and the facts a reviewer sees: nominations (one process per level) and studios' naming."""
        from gonghui.honors.campaigns import selectors as campaign_selectors
        from gonghui.honors.campaigns import services as campaign_services
        from gonghui.honors.studios import selectors as studio_selectors
        from gonghui.honors.studios import services as studio_services
        from gonghui.review.hooks import register_outcome_handler, register_subject

        for code in campaign_services.PROCESS_CODES:
            register_outcome_handler(code, campaign_services.on_nomination_outcome)
            register_subject(
                code,
                facts=campaign_selectors.nomination_case_facts,
                portal_url=campaign_selectors.nomination_case_portal_url,
            )
        for code in (studio_services.CITY_PROCESS, studio_services.PROVINCIAL_PROCESS):
            register_outcome_handler(code, studio_services.on_studio_outcome)
            register_subject(code, facts=studio_selectors.studio_case_facts)
