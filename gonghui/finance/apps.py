from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    verbose_name = _("经费与经审")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.attachments.registry import OWNERS
        from gonghui.common.periodic import JOBS
        from gonghui.common.sources import SOURCES
        from gonghui.console.nav import NAV
        from gonghui.console.panels import PANELS
        from gonghui.finance import nav, overview, panels, permissions, policies, schedule, sources, tiles  # noqa: F401 - declare on import
        from gonghui.finance.audits.attachments import OWNERS as AUDIT_OWNERS
        from gonghui.finance.budgets.services import BUDGET_PROCESS, on_budget_outcome, voucher_budget_gate
        from gonghui.finance.ledger.attachments import VOUCHER_OWNER
        from gonghui.finance.ledger.hooks import register_voucher_gate
        from gonghui.finance.payments import services as payment_services
        from gonghui.notifications.registry import CATEGORIES
        from gonghui.overview.registry import FIGURES
        from gonghui.portal.tiles import TILES
        from gonghui.review.hooks import register_outcome_handler

        NAV.add(self.label, nav.NAV)
        PANELS.add(self.label, panels.PANELS)
        FIGURES.add(self.label, overview.FIGURES)
        TILES.add(self.label, tiles.TILES)
        CATEGORIES.add(self.label, payment_services.CATEGORIES)
        JOBS.add(self.label, schedule.SCHEDULE)
        SOURCES.add(self.label, sources.SOURCES)
        OWNERS.add(self.label, [VOUCHER_OWNER, *AUDIT_OWNERS])
        register_outcome_handler(BUDGET_PROCESS, on_budget_outcome)
        # Budget control on voucher submission: the ledger runs its registered gates and never imports budgets.
        register_voucher_gate(voucher_budget_gate)
