"""Rights protection (法律维权): each part's models, listed here."""

from gonghui.legal_aid.models.cases import *  # noqa: F403
from gonghui.legal_aid.models.requests import *  # noqa: F403
from gonghui.legal_aid.models.stats import *  # noqa: F403
from gonghui.legal_aid.models.supervision import *  # noqa: F403
