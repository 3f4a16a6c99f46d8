"""Development settings: the zero-setup default used by ``make run``."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# WhiteNoise serves from the finders here; an existing (empty) STATIC_ROOT keeps it quiet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
