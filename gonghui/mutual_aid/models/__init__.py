"""Medical mutual aid (职工医疗互助保障): each part's models, listed here."""

from gonghui.mutual_aid.models.claims import *  # noqa: F403
from gonghui.mutual_aid.models.enrolment import *  # noqa: F403
from gonghui.mutual_aid.models.plans import *  # noqa: F403
