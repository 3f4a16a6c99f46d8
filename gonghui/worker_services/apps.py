from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerServicesConfig(AppConfig):
    name = "gonghui.worker_services"
    verbose_name = _("职工服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES
        from gonghui.worker_services import nav, overview, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)

        # ``points/``: the photos of service points and of problem reports.
        from gonghui.attachments.registry import OWNERS
        from gonghui.worker_services.points.attachments import POINT_OWNER, REPORT_OWNER

        OWNERS.add(f"{self.label}.points", [POINT_OWNER, REPORT_OWNER])

        # Notification categories (the workers' inbox, SMS by preference), each part's.
        from gonghui.notifications.registry import CATEGORIES
        from gonghui.worker_services.activities import services as activity_services
        from gonghui.worker_services.points import services as point_services

        CATEGORIES.add(self.label, [*activity_services.CATEGORIES, *point_services.CATEGORIES])

        # ``activities/``: a sign-up the worker took part in is a rateable service (满意度评价).
        from gonghui.ratings.registry import RATEABLE
        from gonghui.worker_services.activities import ratings as activity_ratings

        RATEABLE.add(self.label, activity_ratings.RATEABLE)
