"""Contests and skills (建功立业): each part's models, listed here."""

from gonghui.contests.models.competitions import *  # noqa: F403
from gonghui.contests.models.quiz import *  # noqa: F403
from gonghui.contests.models.stats import *  # noqa: F403
from gonghui.contests.models.training import *  # noqa: F403
