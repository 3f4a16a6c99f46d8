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
        from gonghui.honors.praise.attachments import PRAISE_OWNER
        from gonghui.honors.studios import selectors as studio_selectors
        from gonghui.honors.studios import services as studio_services
        from gonghui.honors.studios import sources as studio_sources
        from gonghui.portal.tiles import TILES
        from gonghui.review.hooks import register_outcome_handler, register_subject

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # studios: the naming review's outcome, the facts its reviewers see, grants' sources by name.
        for code in (studio_services.CITY_PROCESS, studio_services.PROVINCIAL_PROCESS):
            register_outcome_handler(code, studio_services.on_studio_outcome)
            register_subject(code, facts=studio_selectors.studio_case_facts)
        SOURCES.add(self.label, [*studio_sources.SOURCES])
        # praise: the post's photo.
        OWNERS.add(self.label, [PRAISE_OWNER])
