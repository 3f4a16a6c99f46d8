from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    verbose_name = _("经费与经审")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gonghui.finance.services_budgets import BUDGET_PROCESS, on_budget_outcome
        from gonghui.review.hooks import register_outcome_handler

        register_outcome_handler(BUDGET_PROCESS, on_budget_outcome)
