"""Democratic management (民主管理): each part's models, listed here."""

from gonghui.congress.models.congresses import *  # noqa: F403
from gonghui.congress.models.directors import *  # noqa: F403
from gonghui.congress.models.openness import *  # noqa: F403
from gonghui.congress.models.proposals import *  # noqa: F403
from gonghui.congress.models.sessions import *  # noqa: F403
from gonghui.congress.models.suggestions import *  # noqa: F403
