"""Permissions of collective bargaining (平等协商)."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, STAFF_VIEW

# ---- ``negotiations/``: declared here by the part.
VIEW_BARGAINING = declare("bargaining.view", _("查看平等协商和集体合同"), roles=STAFF_VIEW)
MANAGE_BARGAINING = declare(
    "bargaining.manage", _("办理平等协商（要约、协商、表决、签订、报送、公布）"), roles=(CHAIR, CLERK)
)

# ---- ``agreements/``: declared here by the part (the agreements use the permissions above).

# ---- ``stats/``: declared here by the part (the statistics are read with ``bargaining.view``).
