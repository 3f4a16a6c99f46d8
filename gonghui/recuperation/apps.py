from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecuperationConfig(AppConfig):
    name = "gonghui.recuperation"
    verbose_name = _("疗休养")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.notifications.registry import CATEGORIES
        from gonghui.portal.mine import MINE
        from gonghui.portal.tiles import TILES
        from gonghui.ratings.registry import RATEABLE
        from gonghui.recuperation import mine, nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.recuperation.booking import services as booking_services
        from gonghui.recuperation.health import attachments as health_attachments
        from gonghui.recuperation.health import services as health_services
        from gonghui.recuperation.sanatorium import ratings as trip_ratings
        from gonghui.recuperation.trips.hooks import register_booking_hooks

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        MINE.add(self.label, mine.MINE)
        CATEGORIES.add(self.label, [*booking_services.CATEGORIES, *health_services.CATEGORIES])
        # A trip's cancellation, closing and hand-backs reach its bookings through the trips part's hooks.
        register_booking_hooks(
            cancel_all=booking_services.cancel_all_for_trip,
            complete_all=booking_services.complete_all_for_trip,
            places_freed=booking_services.promote_waiting,
        )
        # A check-up's report (private attachment, health data).
        OWNERS.add(self.label, [health_attachments.CHECKUP_OWNER])
        # A completed booking's survey after the trip is its rating (满意度评价), recorded in the kernel too.
        RATEABLE.add(self.label, trip_ratings.RATEABLE)
