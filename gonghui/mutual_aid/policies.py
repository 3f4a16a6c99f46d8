"""Policy keys of 职工医疗互助保障: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.mutual_aid.claims import policies as claims  # noqa: F401
from gonghui.mutual_aid.enrolment import policies as enrolment  # noqa: F401
from gonghui.mutual_aid.plans import policies as plans  # noqa: F401
from gonghui.mutual_aid.stats import policies as stats  # noqa: F401
