"""Hardship assistance (困难帮扶) and critical-illness relief (大病救助): each part's models, listed here."""

# -- hardship assistance: applications and household files --
from gonghui.assistance.models.applications import *  # noqa: E402, F403

# campaigns (送温暖、金秋助学)
from gonghui.assistance.models.campaigns import *  # noqa: F403
from gonghui.assistance.models.households import *  # noqa: E402, F403

# critical-illness relief (大病救助)
from gonghui.assistance.models.relief import *  # noqa: F403
