"""职工服务: each part's models, listed here."""

from gonghui.worker_services.models.activities import *  # noqa: F403
from gonghui.worker_services.models.partners import *  # noqa: F403
from gonghui.worker_services.models.points import *  # noqa: F403
from gonghui.worker_services.models.stats import *  # noqa: F403
from gonghui.worker_services.models.surveys import *  # noqa: F403
