"""Permissions of 职工服务 (worker services: activities, benefits partners, service points, needs surveys)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``activities/``: declared here by the part.

# ---- ``partners/``: declared here by the part.

# ---- ``points/``: declared here by the part.

# ---- ``surveys/``: declared here by the part.

# ---- ``stats/``: declared here by the part.
