from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "gonghui.policy"
    label = "policy"
    verbose_name = _("政策参数")

    def ready(self) -> None:
        from gonghui.policy import registry

        registry.autodiscover()
