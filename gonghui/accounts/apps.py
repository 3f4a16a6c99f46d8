from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = _("账户")

    def ready(self) -> None:
        from gonghui.accounts import checks, permissions  # noqa: F401 - declare on import (checks: deploy checks)
