"""Hardship assistance (困难帮扶) and critical-illness relief (大病救助): each part's models, listed here."""

# critical-illness relief (大病救助)
from gonghui.assistance.models.relief import *  # noqa: F403
