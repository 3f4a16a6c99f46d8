"""Who may receive legal aid, decided with a trace.

The rule (each figure a policy key, see ``cases/policies.py``):

1. the applicant is on the member roster with a holding status (在册 or 退休); a non-member does not qualify (the
   union refers them to the state's legal aid centre);
2. and either the member's household has an open hardship file (assistance's "困难职工档案户", an active file or one
   in its annual review) while ``legal_aid.hardship_any_dispute`` is on,
3. or the dispute's kind is in ``legal_aid.open_dispute_kinds`` (open to every member).

:func:`decide` is the pure rule (tested against a reference model); :func:`check` reads the facts (the roster, the
hardship files) and the policy in force at the case's union on the day, and returns the result with its trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop

from gonghui.assistance.households.selectors import file_holders
from gonghui.legal_aid.models import DisputeKind
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.policy.trace import Trace

HOLDING = (MemberStatus.ACTIVE, MemberStatus.RETIRED)


@dataclass(frozen=True)
class Facts:
    member_status: str  # "" when the applicant is not on the roster
    in_hardship: bool
    dispute_kind: str


@dataclass(frozen=True)
class Result:
    eligible: bool
    reason: str  # zh-hans source text (gettext_noop), translated when shown
    trace: Trace


def decide(facts: Facts, *, hardship_any: bool, open_kinds: list[str]) -> tuple[bool, str]:
    """The rule itself: ``(eligible, reason)``."""
    if facts.member_status not in HOLDING:
        return False, gettext_noop("申请人不是在册工会会员")
    if facts.in_hardship and hardship_any:
        return True, gettext_noop("困难职工档案户会员，不限争议类型")
    if facts.dispute_kind in open_kinds:
        return True, gettext_noop("争议类型属于会员均可申请援助的范围")
    return False, gettext_noop("非困难职工，且争议类型不在会员均可申请援助的范围内")


def facts_of(member: Member | None, dispute_kind: str) -> Facts:
    if member is None:
        return Facts(member_status="", in_hardship=False, dispute_kind=dispute_kind)
    in_hardship = file_holders(member.unit).filter(pk=member.pk).exists()
    return Facts(member_status=member.status, in_hardship=in_hardship, dispute_kind=dispute_kind)


def check(*, member: Member | None, dispute_kind: str, unit: OrgUnit, on: date) -> Result:
    """Eligibility of an applicant at ``unit`` on ``on``, explained line by line."""
    facts = facts_of(member, dispute_kind)
    with translation.override("zh-hans"):  # the trace keeps the source text; it is translated when shown
        return _explain(facts, unit, on)


def _explain(facts: Facts, unit: OrgUnit, on: date) -> Result:
    dispute_kind = facts.dispute_kind
    trace = Trace()
    status_label = str(MemberStatus(facts.member_status).label) if facts.member_status else gettext_noop("非会员")
    trace.given(gettext_noop("会员状态"), status_label, kind="text")
    trace.given(gettext_noop("困难职工档案户"), facts.in_hardship, kind="bool")
    kind_label: Any = DisputeKind(dispute_kind).label if dispute_kind in DisputeKind.values else dispute_kind
    trace.given(gettext_noop("争议类型"), str(kind_label), kind="text")
    hardship_any = bool(
        trace.rule(gettext_noop("困难职工不限争议类型"), policy_get("legal_aid.hardship_any_dispute", unit, on=on))
    )
    open_kinds = list(
        trace.rule(gettext_noop("会员均可申请援助的争议类型"), policy_get("legal_aid.open_dispute_kinds", unit, on=on))
    )
    eligible, reason = decide(facts, hardship_any=hardship_any, open_kinds=open_kinds)
    trace.result(gettext_noop("是否符合法律援助条件"), eligible, kind="bool")
    trace.result(gettext_noop("理由"), reason, kind="text")
    return Result(eligible=eligible, reason=reason, trace=trace)
