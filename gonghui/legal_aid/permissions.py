"""Permissions of rights protection (法律维权): legal aid, labour-law supervision, workers' requests."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``cases/``: declared here by the part.

# ---- ``supervision/``: declared here by the part.

# ---- ``requests/``: declared here by the part.

# ---- ``stats/``: declared here by the part.
