"""Policy keys of 民主管理: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.congress.congresses import policies as congresses  # noqa: F401
from gonghui.congress.directors import policies as directors  # noqa: F401
from gonghui.congress.openness import policies as openness  # noqa: F401
from gonghui.congress.proposals import policies as proposals  # noqa: F401
from gonghui.congress.sessions import policies as sessions  # noqa: F401
from gonghui.congress.stats import policies as stats  # noqa: F401
from gonghui.congress.suggestions import policies as suggestions  # noqa: F401
