from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "gonghui.legal_aid"
    verbose_name = _("法律维权")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.periodic import JOBS
        from gonghui.common.sources import SOURCES
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.legal_aid import nav, overview, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.legal_aid.cases import attachments as case_attachments
        from gonghui.legal_aid.cases import sources as case_sources
        from gonghui.legal_aid.requests import attachments as request_attachments
        from gonghui.legal_aid.requests import ratings as request_ratings
        from gonghui.legal_aid.requests import services as request_services
        from gonghui.notifications.registry import CATEGORIES
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES
        from gonghui.ratings.registry import RATEABLE

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        CATEGORIES.add(self.label, request_services.CATEGORIES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # Legal aid cases: the lawyers' fees by name in finance.
        SOURCES.add(self.label, [*case_sources.SOURCES])
        # Private attachments: a case's documents, a worker's request's photos.
        OWNERS.add(self.label, [case_attachments.CASE_OWNER, request_attachments.REQUEST_OWNER])
        # The rating that closes a worker's request is recorded in the ratings kernel (满意度评价).
        RATEABLE.add(self.label, request_ratings.RATEABLE)
