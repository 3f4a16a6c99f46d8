"""Member roster models, one module per concern: ``roster`` (members and their history), ``imports`` (roster
import jobs), ``joining`` (online join applications, transfers and member cards)."""

from gonghui.members.models.imports import *  # noqa: F403
from gonghui.members.models.joining import *  # noqa: E402, F403
from gonghui.members.models.roster import *  # noqa: F403
from gonghui.members.models.stats import *  # noqa: E402, F403
