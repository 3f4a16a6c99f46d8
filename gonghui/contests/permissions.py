"""Permissions of contests and skills (建功立业): skill and teaching contests, knowledge quizzes, skill training."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``competitions/``: declared here by the part.

# ---- ``quiz/``: declared here by the part.

# ---- ``training/``: declared here by the part.

# ---- ``stats/``: declared here by the part.
