from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("会员")

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.members import (  # noqa: F401 - declare on import
            mine,
            nav,
            overview,
            panels,
            permissions,
            policies,
            profile,
            schedule,
            tiles,
        )
        from gonghui.members.cards import checks  # noqa: F401 - registers the signing-key deploy check
        from gonghui.members.joining.case_facts import join_case_facts, join_case_portal_url
        from gonghui.members.joining.notifications import CATEGORIES as JOIN_CATEGORIES
        from gonghui.members.joining.services import JOIN_PROCESS, on_join_outcome
        from gonghui.members.roster.services import members_block_dissolve, members_follow_merge
        from gonghui.notifications.registry import CATEGORIES
        from gonghui.orgs.services import register_dissolve_check, register_merge_hook
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.mine import MINE
        from gonghui.portal.profile import PROFILE
        from gonghui.portal.tiles import TILES
        from gonghui.review.hooks import register_outcome_handler, register_subject

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        PROFILE.add(self.label, [profile.membership_block])
        JOBS.add(self.label, schedule.SCHEDULE)
        CATEGORIES.add(self.label, JOIN_CATEGORIES)
        MINE.add(self.label, mine.MINE)
        register_outcome_handler(JOIN_PROCESS, on_join_outcome)
        register_subject(JOIN_PROCESS, facts=join_case_facts, portal_url=join_case_portal_url)
        register_merge_hook(members_follow_merge)
        register_dissolve_check(members_block_dissolve)
