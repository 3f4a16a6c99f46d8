"""Policy keys of 职工服务: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.worker_services.activities import policies as activities  # noqa: F401
from gonghui.worker_services.partners import policies as partners  # noqa: F401
from gonghui.worker_services.points import policies as points  # noqa: F401
from gonghui.worker_services.stats import policies as stats  # noqa: F401
from gonghui.worker_services.surveys import policies as surveys  # noqa: F401
