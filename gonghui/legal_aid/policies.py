"""Policy keys of 法律维权: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.legal_aid.cases import policies as cases  # noqa: F401
from gonghui.legal_aid.requests import policies as requests  # noqa: F401
from gonghui.legal_aid.stats import policies as stats  # noqa: F401
from gonghui.legal_aid.supervision import policies as supervision  # noqa: F401
