"""Whether a member may book a trip, rule by rule, and the member's priority flags.

The rules (``docs/recuperation.md``):

1. an active member (在册; retired members and those who left do not go on recuperation trips);
2. in the trip's audience: any of its groups — all members; front-line workers (a member whose job (岗位) contains
   one of the words of policy ``recuperation.front_line_job_words`` and who is not a leader, or who is registered as
   a new-employment-form worker); model workers or craftsmen (a title in the honours register
   ``gonghui.honors.models.Honoree`` that is not revoked) — and, when the trip names unions, a member of one of them
   (their subtrees);
3. at most ``recuperation.trips_per_year`` trips a year: the member's confirmed, checked-in and completed bookings of
   other trips that start in the same year as this one;
4. leaders (a job containing one of the words of ``recuperation.leader_job_words``) take at most
   ``recuperation.leader_share`` of the trip's places (rounded down): checked again inside the booking transaction.

Priority flags (never gone before: no checked-in or completed booking ever; model worker; craftsman) are recorded
with the booking and shown; they do not change the first-come-first-served order.

:func:`decide` is the pure rule; :func:`explain` gathers the facts (three queries) and writes the trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop

from gonghui.honors.models import Honoree, HonorTitle
from gonghui.members.models import Member, MemberStatus
from gonghui.policy.selectors import policy_values
from gonghui.policy.trace import Trace
from gonghui.recuperation.models import Audience, Booking, BookingStatus, Trip

COUNTED = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED)
GONE = (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED)

# Reasons (zh-hans source text, translated when shown).
NOT_ACTIVE = gettext_noop("不是在册会员")
NOT_AUDIENCE = gettext_noop("不在本线路的参加对象范围内")
NOT_UNITS = gettext_noop("所在工会不在本线路限定的工会范围内")
YEAR_LIMIT = gettext_noop("本年度疗休养次数已满")
LEADER_FULL = gettext_noop("领导人员名额已满")

FIRST_TIME = "first_time"
MODEL_WORKER = "model_worker"
CRAFTSMAN = "craftsman"
PRIORITY_LABELS = {
    FIRST_TIME: gettext_noop("从未参加过疗休养"),
    MODEL_WORKER: gettext_noop("劳动模范"),
    CRAFTSMAN: gettext_noop("工匠"),
}


@dataclass(frozen=True)
class Facts:
    active: bool
    front_line: bool
    model_worker: bool
    craftsman: bool
    leader: bool
    in_units: bool  # True when the trip names no unions
    trips_this_year: int
    gone_before: bool
    leaders_confirmed: int = 0


@dataclass(frozen=True)
class Terms:
    audience: tuple[str, ...]
    trips_per_year: int
    leader_cap: int


@dataclass(frozen=True)
class Decision:
    eligible: bool
    reasons: tuple[str, ...]
    priority: tuple[str, ...] = field(default=())
    leader: bool = False


def in_audience(facts: Facts, audience: tuple[str, ...]) -> bool:
    groups = {
        Audience.ALL: True,
        Audience.FRONT_LINE: facts.front_line,
        Audience.MODEL_WORKER: facts.model_worker,
        Audience.CRAFTSMAN: facts.craftsman,
    }
    return any(groups.get(Audience(a), False) for a in audience if a in Audience.values)


def decide(facts: Facts, terms: Terms) -> Decision:
    reasons: list[str] = []
    if not facts.active:
        reasons.append(NOT_ACTIVE)
    if not in_audience(facts, terms.audience):
        reasons.append(NOT_AUDIENCE)
    if not facts.in_units:
        reasons.append(NOT_UNITS)
    if facts.trips_this_year >= terms.trips_per_year:
        reasons.append(YEAR_LIMIT)
    if facts.leader and facts.leaders_confirmed >= terms.leader_cap:
        reasons.append(LEADER_FULL)
    priority = [FIRST_TIME] if not facts.gone_before else []
    if facts.model_worker:
        priority.append(MODEL_WORKER)
    if facts.craftsman:
        priority.append(CRAFTSMAN)
    return Decision(eligible=not reasons, reasons=tuple(reasons), priority=tuple(priority), leader=facts.leader)


def leader_cap(places: int, share: Decimal) -> int:
    return int((Decimal(places) * share).to_integral_value(rounding=ROUND_FLOOR))


def _has_word(job: str, words: Any) -> bool:
    return bool(job) and any(isinstance(w, str) and w.strip() and w.strip() in job for w in words or ())


def classify(member: Member, values: dict[str, Any]) -> tuple[bool, bool]:
    """(leader, front-line) by the member's job and the policy's words."""
    job = member.job or ""
    leader = _has_word(job, values["recuperation.leader_job_words"].value)
    front = not leader and (bool(member.gig_type) or _has_word(job, values["recuperation.front_line_job_words"].value))
    return leader, front


def trips_in_year(member: Member, trip: Trip) -> int:
    """The member's other trips in ``trip``'s year that count against the yearly limit (the same count as
    :func:`explain`'s, read again inside the booking's transaction)."""
    return (
        Booking.objects.filter(
            member=member,
            status__in=COUNTED,
            trip__starts_on__year=trip.starts_on.year,
        )
        .exclude(trip_id=trip.pk)
        .count()
    )


def leaders_confirmed(trip: Trip) -> int:
    return Booking.objects.filter(trip=trip, leader=True, status__in=COUNTED).count()


@dataclass(frozen=True)
class Explained:
    decision: Decision
    trace: Trace
    terms: Terms


def explain(*, member: Member, trip: Trip, on: date, count_leaders: bool = True) -> Explained:
    """The decision for ``member`` on ``trip`` by the policy in force at the member's union on ``on``, with the
    trace rule by rule (the member's union's policy: a city's one-trip-a-year applies to its members)."""
    values = policy_values(member.unit, on=on)
    titles = set(
        Honoree.objects.filter(
            member=member, revoked_on__isnull=True, title__in=(HonorTitle.MODEL_WORKER, HonorTitle.CRAFTSMAN)
        ).values_list("title", flat=True)
    )
    year = trip.starts_on.year
    trips_this_year = 0
    gone_before = False
    for status, starts_on, trip_id in Booking.objects.filter(
        member=member, status__in=COUNTED + (BookingStatus.CHECKED_IN,)
    ).values_list("status", "trip__starts_on", "trip_id"):
        gone_before = gone_before or status in GONE
        if starts_on.year == year and trip_id != trip.pk:
            trips_this_year += 1
    leader, front = classify(member, values)
    units = [str(u) for u in trip.audience_units or []]
    in_units = True
    if units:
        from gonghui.orgs.models import OrgUnit

        paths = OrgUnit.objects.filter(pk__in=[int(u) for u in units if u.isdigit()]).values_list("path", flat=True)
        in_units = any(member.unit.path.startswith(p) for p in paths)

    trace = Trace()
    with translation.override("zh-hans"):  # stored as the source text, translated when shown
        status_text = str(member.get_status_display())
    trace.given(gettext_noop("会员状态"), status_text, kind="text")
    trace.given(gettext_noop("岗位"), member.job or "—", kind="text")
    trace.given(gettext_noop("劳动模范"), HonorTitle.MODEL_WORKER in titles, kind="bool")
    trace.given(gettext_noop("工匠"), HonorTitle.CRAFTSMAN in titles, kind="bool")
    trace.given(gettext_noop("本年度已参加疗休养"), trips_this_year, kind="int", unit=gettext_noop("次"))
    per_year = int(trace.rule(gettext_noop("每人每年疗休养次数"), values["recuperation.trips_per_year"]))
    share = Decimal(trace.rule(gettext_noop("领导人员名额比例上限"), values["recuperation.leader_share"]))
    cap = leader_cap(trip.places, share)
    confirmed_leaders = leaders_confirmed(trip) if leader and count_leaders else 0
    facts = Facts(
        active=member.status == MemberStatus.ACTIVE,
        front_line=front,
        model_worker=HonorTitle.MODEL_WORKER in titles,
        craftsman=HonorTitle.CRAFTSMAN in titles,
        leader=leader,
        in_units=in_units,
        trips_this_year=trips_this_year,
        gone_before=gone_before,
        leaders_confirmed=confirmed_leaders,
    )
    terms = Terms(audience=tuple(trip.audience or ()), trips_per_year=per_year, leader_cap=cap)
    decision = decide(facts, terms)
    trace.step(gettext_noop("在册会员"), facts.active, kind="bool", formula=gettext_noop("会员状态为“在册”"))
    trace.step(
        gettext_noop("属于参加对象"),
        in_audience(facts, terms.audience),
        kind="bool",
        formula=gettext_noop(
            "全体会员，或一线职工（按岗位认定）、劳动模范、工匠（按劳模工匠名录）中符合线路要求的一类"
        ),
    )
    if units:
        trace.step(gettext_noop("属于限定工会"), in_units, kind="bool")
    trace.step(
        gettext_noop("本年度次数未满"),
        trips_this_year < per_year,
        kind="bool",
        formula=gettext_noop("本年度已参加疗休养 < 每人每年疗休养次数"),
    )
    trace.step(gettext_noop("领导人员"), leader, kind="bool", formula=gettext_noop("岗位含领导人员岗位关键词"))
    if leader:
        trace.step(
            gettext_noop("领导人员名额"),
            f"{confirmed_leaders} / {cap}",
            kind="text",
            formula=gettext_noop("已确认的领导人员 / （名额 × 领导人员名额比例上限，向下取整）"),
        )
    for flag in decision.priority:
        trace.step(gettext_noop("优先条件"), PRIORITY_LABELS[flag], kind="text")
    trace.result(
        gettext_noop("资格核验结果"),
        gettext_noop("可以预订") if decision.eligible else gettext_noop("不能预订"),
        kind="text",
    )
    return Explained(decision=decision, trace=trace, terms=terms)
