"""Permissions of collective bargaining (平等协商)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``negotiations/``: declared here by the part.

# ---- ``agreements/``: declared here by the part.

# ---- ``stats/``: declared here by the part.
