"""Member roster models, one module per concern: ``roster`` (members and their history), ``imports`` (roster
import jobs), ``joining`` (online join applications, transfers and member cards)."""

from gonghui.members.models.roster import *  # noqa: F403
