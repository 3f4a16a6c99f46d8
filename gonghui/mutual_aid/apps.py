from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutualAidConfig(AppConfig):
    name = "gonghui.mutual_aid"
    verbose_name = _("职工医疗互助保障")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.periodic import JOBS
        from gonghui.common.sources import SOURCES
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.mutual_aid import nav, overview, panels, permissions, policies, schedule, tiles  # noqa: F401 - declare on import
        from gonghui.mutual_aid.claims import attachments as claim_attachments
        from gonghui.mutual_aid.claims import ratings as claim_ratings
        from gonghui.mutual_aid.claims import selectors as claim_selectors
        from gonghui.mutual_aid.claims import services as claim_services
        from gonghui.mutual_aid.claims import sources as claim_sources
        from gonghui.mutual_aid.enrolment.selectors import enrolment_case_facts
        from gonghui.mutual_aid.enrolment.services import ENROLMENT_PROCESS, on_enrolment_outcome
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES
        from gonghui.ratings.registry import RATEABLE
        from gonghui.review.hooks import register_outcome_handler, register_subject

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        JOBS.add(self.label, schedule.SCHEDULE)
        # enrolment: the review of a union's list, and the facts its reviewer sees.
        register_outcome_handler(ENROLMENT_PROCESS, on_enrolment_outcome)
        register_subject(ENROLMENT_PROCESS, facts=enrolment_case_facts)
        # Claims: review outcomes and the facts a reviewer sees, documents, payments' sources by name.
        register_outcome_handler(claim_services.CLAIM_PROCESS, claim_services.on_claim_outcome)
        register_subject(
            claim_services.CLAIM_PROCESS,
            facts=claim_selectors.claim_case_facts,
            portal_url=claim_selectors.claim_case_portal_url,
        )
        register_outcome_handler(claim_services.APPEAL_PROCESS, claim_services.on_appeal_outcome)
        register_subject(
            claim_services.APPEAL_PROCESS,
            facts=claim_selectors.appeal_case_facts,
            portal_url=claim_selectors.appeal_case_portal_url,
        )
        OWNERS.add(self.label, [claim_attachments.CLAIM_OWNER])
        SOURCES.add(self.label, [*claim_sources.SOURCES])
        # A paid claim is rated by its member (满意度评价).
        RATEABLE.add(self.label, claim_ratings.RATEABLE)
