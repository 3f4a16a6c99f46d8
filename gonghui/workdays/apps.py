from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "gonghui.workdays"
    label = "workdays"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from gonghui.console.nav import NAV
        from gonghui.workdays import (
            nav,
            permissions,  # noqa: F401 - declares its names on import
        )

        NAV.add(self.label, nav.NAV)

        from gonghui.workdays import cache

        # A flush (end of a transactional test) or a migration may change rows behind the services' back.
        post_migrate.connect(cache.clear, dispatch_uid="gonghui.workdays.cache.clear")
