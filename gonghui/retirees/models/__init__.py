"""退休职工: each part's models, listed here."""

from gonghui.retirees.models.clubs import *  # noqa: F403
from gonghui.retirees.models.condolences import *  # noqa: F403
from gonghui.retirees.models.stats import *  # noqa: F403
from gonghui.retirees.models.visits import *  # noqa: F403
