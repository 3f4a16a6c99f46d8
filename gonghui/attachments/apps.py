from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "gonghui.attachments"
    label = "attachments"
    verbose_name = _("附件")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from gonghui.attachments import schedule
        from gonghui.common.periodic import JOBS

        # The platform decodes uploaded images only here: Pillow refuses (DecompressionBombError) anything past
        # twice this many pixels even before the service's own, lower check.
        Image.MAX_IMAGE_PIXELS = settings.ATTACHMENT_MAX_PIXELS
        JOBS.add(self.label, schedule.SCHEDULE)
