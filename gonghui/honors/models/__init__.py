"""honours (劳模、工匠): each part's models, listed here."""

from gonghui.honors.models.campaigns import *  # noqa: F403
from gonghui.honors.models.praise import *  # noqa: F403
from gonghui.honors.models.register import *  # noqa: F403
from gonghui.honors.models.stats import *  # noqa: F403
from gonghui.honors.models.studios import *  # noqa: F403
