"""Honours (劳模、工匠): each part's models, listed here."""

from gonghui.honors.models.register import *  # noqa: F403
