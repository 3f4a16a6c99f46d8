from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    verbose_name = _("困难帮扶")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.assistance import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.portal.tiles import TILES

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)

        # -- hardship assistance: review outcome, case facts, files following transfers --
        from gonghui.assistance.applications.selectors import hardship_case_facts, hardship_case_portal_url
        from gonghui.assistance.applications.services import HARDSHIP_PROCESS
        from gonghui.assistance.households.services import file_follow_member, on_hardship_outcome
        from gonghui.members.transfers.services import register_transfer_accepted
        from gonghui.review.hooks import register_outcome_handler, register_subject

        register_outcome_handler(HARDSHIP_PROCESS, on_hardship_outcome)
        register_subject(HARDSHIP_PROCESS, facts=hardship_case_facts, portal_url=hardship_case_portal_url)
        register_transfer_accepted(file_follow_member)
        # -- hardship assistance: documents (private attachments) and business sources --
        from gonghui.assistance.applications.attachments import OWNERS as HARDSHIP_OWNERS
        from gonghui.assistance.households.sources import SOURCES as HARDSHIP_SOURCES
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.sources import SOURCES

        OWNERS.add(self.label, HARDSHIP_OWNERS)
        SOURCES.add(self.label, HARDSHIP_SOURCES)
        # critical-illness relief (大病救助)
        from gonghui.assistance.relief.selectors import relief_case_facts, relief_case_portal_url
        from gonghui.assistance.relief.services import RELIEF_PROCESS, on_relief_outcome
        from gonghui.review.hooks import register_outcome_handler, register_subject

        register_outcome_handler(RELIEF_PROCESS, on_relief_outcome)
        register_subject(RELIEF_PROCESS, facts=relief_case_facts, portal_url=relief_case_portal_url)
        # critical-illness relief: documents (private attachments) and the payments' source by name
        from gonghui.assistance.relief.attachments import RELIEF_OWNER
        from gonghui.assistance.relief.sources import SOURCES as RELIEF_SOURCES
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.sources import SOURCES

        OWNERS.add(f"{self.label}.relief", [RELIEF_OWNER])
        SOURCES.add(f"{self.label}.relief", RELIEF_SOURCES)
        # campaigns (送温暖、金秋助学): target groups, the payments' source by name
        from gonghui.assistance.campaigns.groups import BUILT_IN, GROUPS
        from gonghui.assistance.campaigns.sources import SOURCES as CAMPAIGN_SOURCES

        GROUPS.add(f"{self.label}.campaigns", BUILT_IN)
        from gonghui.assistance.households.groups import GROUPS as HARDSHIP_GROUPS

        GROUPS.add(f"{self.label}.households", HARDSHIP_GROUPS)
        SOURCES.add(f"{self.label}.campaigns", CAMPAIGN_SOURCES)
