from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, SYSADMIN

REVEAL_PHONE = declare(
    "accounts.reveal_phone", _("查看完整手机号码（留痕）"), sensitive=True, roles=(SYSADMIN, CHAIR, CLERK)
)
