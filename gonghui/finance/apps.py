from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    verbose_name = _("经费与经审")
    default_auto_field = "django.db.models.BigAutoField"
