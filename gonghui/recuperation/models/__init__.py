"""Recuperation (疗休养) and model-worker health: each part's models, listed here."""

from gonghui.recuperation.models.booking import *  # noqa: F403
from gonghui.recuperation.models.health import *  # noqa: F403
from gonghui.recuperation.models.sanatorium import *  # noqa: F403
from gonghui.recuperation.models.trips import *  # noqa: F403
