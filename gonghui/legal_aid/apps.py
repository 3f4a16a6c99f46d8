from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "gonghui.legal_aid"
    verbose_name = _("法律维权")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.legal_aid import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.portal.tiles import TILES

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # Workers' requests: their photos are private attachments (registered under the part's own name).
        from gonghui.attachments.registry import OWNERS
        from gonghui.legal_aid.requests import attachments as request_attachments

        OWNERS.add(f"{self.label}.requests", [request_attachments.REQUEST_OWNER])
