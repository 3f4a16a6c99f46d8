from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutualAidConfig(AppConfig):
    name = "gonghui.mutual_aid"
    verbose_name = _("职工医疗互助保障")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.mutual_aid import nav, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.mutual_aid.enrolment.selectors import enrolment_case_facts
        from gonghui.mutual_aid.enrolment.services import ENROLMENT_PROCESS, on_enrolment_outcome
        from gonghui.portal.tiles import TILES
        from gonghui.review.hooks import register_outcome_handler, register_subject

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # enrolment: the review of a union's list, and the facts its reviewer sees.
        register_outcome_handler(ENROLMENT_PROCESS, on_enrolment_outcome)
        register_subject(ENROLMENT_PROCESS, facts=enrolment_case_facts)
