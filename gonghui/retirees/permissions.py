"""Permissions of 退休职工 (retirees: clubs, visits, condolences)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``clubs/``: declared here by the part.

# ---- ``visits/``: declared here by the part.

# ---- ``condolences/``: declared here by the part.

# ---- ``stats/``: declared here by the part.
