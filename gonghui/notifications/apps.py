from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gonghui.notifications"
    label = "notifications"
    verbose_name = _("消息通知")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.notifications import mine, outcomes, policies, schedule  # noqa: F401 - declare on import
        from gonghui.notifications.registry import CATEGORIES
        from gonghui.portal.mine import HEADER, MINE
        from gonghui.review.hooks import register_outcome_listener

        CATEGORIES.add(self.label, outcomes.CATEGORIES)
        JOBS.add(self.label, schedule.SCHEDULE)
        MINE.add(self.label, [mine.unread_messages])
        HEADER.add(self.label, [mine.header_link])
        register_outcome_listener(outcomes.on_case_outcome)
