"""collective bargaining (平等协商): each part's models, listed here."""

from gonghui.bargaining.models.agreements import *  # noqa: F403
from gonghui.bargaining.models.negotiations import *  # noqa: F403
from gonghui.bargaining.models.stats import *  # noqa: F403
