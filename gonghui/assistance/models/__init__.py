"""Hardship assistance (困难帮扶), critical-illness relief (大病救助) and campaigns (送温暖, 金秋助学): each part's
models, listed here."""

from gonghui.assistance.models.applications import *  # noqa: F403
from gonghui.assistance.models.campaigns import *  # noqa: F403
from gonghui.assistance.models.households import *  # noqa: F403
from gonghui.assistance.models.relief import *  # noqa: F403
