from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "gonghui.congress"
    verbose_name = _("民主管理")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.congress import nav, overview, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # Rational suggestions: their photos (private attachments) and their rewards' payment source by name.
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.sources import SOURCES
        from gonghui.congress.suggestions import attachments as suggestion_attachments
        from gonghui.congress.suggestions import sources as suggestion_sources

        OWNERS.add(self.label, [suggestion_attachments.SUGGESTION_OWNER])
        SOURCES.add(self.label, suggestion_sources.SOURCES)
