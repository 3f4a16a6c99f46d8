"""Permissions of honours (劳模、工匠)."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, STAFF_VIEW

# ---- the register of model workers and craftsmen: ``register/``.
VIEW_HONOREES = declare("honors.view_honorees", _("查看劳模工匠名录"), roles=STAFF_VIEW)
MANAGE_HONOREES = declare("honors.manage_honorees", _("登记劳模工匠"), roles=(CLERK, CHAIR))
