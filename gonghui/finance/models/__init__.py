"""Union funds (经费): the books of each financially independent union and the payments made through them."""

from gonghui.finance.models.allocation import *  # noqa: F403
from gonghui.finance.models.audits import *  # noqa: F403
from gonghui.finance.models.budgets import *  # noqa: F403
from gonghui.finance.models.dues import *  # noqa: F403
from gonghui.finance.models.ledger import *  # noqa: F403
from gonghui.finance.models.payments import *  # noqa: F403
