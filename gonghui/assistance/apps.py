from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    verbose_name = _("困难帮扶")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.assistance import nav, overview, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.assistance.applications import attachments as application_attachments
        from gonghui.assistance.applications import ratings as application_ratings
        from gonghui.assistance.applications.selectors import hardship_case_facts, hardship_case_portal_url
        from gonghui.assistance.applications.services import HARDSHIP_PROCESS
        from gonghui.assistance.campaigns import groups as campaign_groups
        from gonghui.assistance.campaigns import sources as campaign_sources
        from gonghui.assistance.households import groups as household_groups
        from gonghui.assistance.households import sources as household_sources
        from gonghui.assistance.households.services import file_follow_member, on_hardship_outcome
        from gonghui.assistance.relief import attachments as relief_attachments
        from gonghui.assistance.relief import sources as relief_sources
        from gonghui.assistance.relief.selectors import relief_case_facts, relief_case_portal_url
        from gonghui.assistance.relief.services import RELIEF_PROCESS, on_relief_outcome
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.periodic import JOBS
        from gonghui.common.sources import SOURCES
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.members.transfers.services import register_transfer_accepted
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES
        from gonghui.ratings.registry import RATEABLE
        from gonghui.review.hooks import register_outcome_handler, register_subject

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # Review outcomes, and the facts a reviewer sees on the case page.
        register_outcome_handler(HARDSHIP_PROCESS, on_hardship_outcome)
        register_subject(HARDSHIP_PROCESS, facts=hardship_case_facts, portal_url=hardship_case_portal_url)
        register_outcome_handler(RELIEF_PROCESS, on_relief_outcome)
        register_subject(RELIEF_PROCESS, facts=relief_case_facts, portal_url=relief_case_portal_url)
        # A household file follows its member's transfer.
        register_transfer_accepted(file_follow_member)
        # Documents (private attachments), payments' sources by name, campaigns' target groups.
        OWNERS.add(self.label, [*application_attachments.OWNERS, relief_attachments.RELIEF_OWNER])
        SOURCES.add(self.label, [*household_sources.SOURCES, *relief_sources.SOURCES, *campaign_sources.SOURCES])
        # A decided application is rated by its applicant (满意度评价).
        RATEABLE.add(self.label, application_ratings.RATEABLE)
        campaign_groups.GROUPS.add(self.label, [*campaign_groups.BUILT_IN, *household_groups.GROUPS])
