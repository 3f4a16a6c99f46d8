"""Demo skill and teaching contests, every step through the services; idempotent (each contest is seeded once, by
name).

- 2026年杭州市职工数控车工技能竞赛 (杭州市总工会, ``hz_staff``): the demo company union (``xh_staff``) registered
  thirteen workers, one of them not eligible (one year in the trade); a preliminary scored by three judges and
  closed (the top ten advance), a final scored by five judges (highest and lowest dropped) with practical times,
  closed and published: the top five are 技术能手 and may be upgraded to 高级工; the demo worker 王兰芳 is among them.
- 西湖数字科技公司电工技能比武 (the company union, ``xh_staff``): its final is being scored; the judge 评委赵建国
  (13700000011, portal sign-in) still has entrants to score, the two other judges have scored.
- 2026年杭州市中小学青年教师教学竞赛 (杭州市总工会): registering, shown to the union's workers on the portal.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.contests.competitions import services
from gonghui.contests.models import Contest, ContestKind, ContestLevel, JudgeAssignment, StageEntrant, StageRound
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit

JUDGES = [
    ("13700000011", "评委赵建国"),
    ("13700000012", "评委钱丽华"),
    ("13700000013", "评委孙志强"),
    ("13700000014", "评委李春梅"),
    ("13700000015", "评委周德明"),
]
SKILL = "2026年杭州市职工数控车工技能竞赛"
COMPANY = "西湖数字科技公司电工技能比武"
TEACHING = "2026年杭州市中小学青年教师教学竞赛"


def _judge(phone: str, name: str) -> User:
    user, _created = User.objects.get_or_create(username=phone, defaults={"phone": phone, "name": name})
    return user


def _mark(seed: int, low: int, span: int) -> str:
    """A deterministic score with two decimals from ``seed``."""
    return f"{low + (seed * 37) % span}.{(seed * 13) % 4 * 25:02d}"


def _score_all(stage_id: int, judges: list[User], *, strong: frozenset[int] = frozenset()) -> None:
    rows = StageEntrant.objects.filter(stage_id=stage_id).select_related("stage__contest__unit").order_by("number")
    for entrant in list(rows):
        for j, judge in enumerate(judges):
            lift = 8 if entrant.entry_id in strong else 0
            services.score_submit(
                actor=judge,
                entrant=entrant,
                values={
                    "theory": _mark(entrant.number * 7 + j, 70 + lift, 20),
                    "practice": _mark(entrant.number * 11 + j * 3, 72 + lift, 18),
                },
            )


def _entrants(union: OrgUnit, worker: Member, on: date, count: int) -> list[Member]:
    colleagues = list(
        Member.objects.filter(
            unit=union,
            status=MemberStatus.ACTIVE,
            birth_date__gte=on - timedelta(days=50 * 366),
            birth_date__lte=on - timedelta(days=22 * 366),
        )
        .exclude(pk=worker.pk)
        .order_by("pk")[:count]
    )
    return [worker, *colleagues]


def _skill_contest(hz: OrgUnit, hz_staff: User, xh_staff: User, union: OrgUnit, worker: Member, judges: list[User]):
    today = timezone.localdate()
    starts = today - timedelta(days=40)
    contest = services.contest_create(
        actor=hz_staff,
        unit=hz,
        data=services.ContestInput(
            name=SKILL,
            kind=ContestKind.SKILL,
            level=ContestLevel.CITY,
            trade="数控车工",
            starts_on=starts,
            rounds=[StageRound.PRELIMINARY, StageRound.FINAL],
            min_age=18,
            max_age=55,
            min_years=3,
            certificate="数控车工四级",
            award_title="技术能手",
            skill_upgrade="可晋升高级工",
        ),
    )
    people = _entrants(union, worker, starts, 12)
    for index, member in enumerate(people):
        services.entry_register(
            actor=xh_staff,
            contest=contest,
            member=member,
            years_in_trade=1 if index == len(people) - 1 else 4 + index % 9,
            certificates="数控车工四级" if index % 4 else "数控车工四级、电工证",
        )
    prelim, final = list(contest.stages.order_by("order"))
    for judge in judges[:3]:
        services.judge_assign(actor=hz_staff, stage=prelim, phone=judge.phone)
    for judge in judges:
        services.judge_assign(actor=hz_staff, stage=final, phone=judge.phone)
    services.stage_open(actor=hz_staff, stage=prelim)
    strong = frozenset(e.pk for e in contest.entries.filter(member=worker))
    _score_all(prelim.pk, judges[:3], strong=strong)
    services.stage_close(actor=hz_staff, stage=prelim)
    services.stage_open(actor=hz_staff, stage=final)
    for entrant in StageEntrant.objects.filter(stage=final).select_related("stage__contest__unit"):
        services.timing_record(actor=hz_staff, entrant=entrant, seconds=3000 + (entrant.number * 97) % 900)
    _score_all(final.pk, judges, strong=strong)
    services.stage_close(actor=hz_staff, stage=final)
    contest.refresh_from_db()
    services.results_publish(actor=hz_staff, contest=contest)


def _company_contest(union: OrgUnit, xh_staff: User, worker: Member, judges: list[User]) -> None:
    today = timezone.localdate()
    contest = services.contest_create(
        actor=xh_staff,
        unit=union,
        data=services.ContestInput(
            name=COMPANY,
            kind=ContestKind.SKILL,
            level=ContestLevel.UNIT,
            trade="维修电工",
            starts_on=today,
            rounds=[StageRound.FINAL],
            min_age=18,
            max_age=60,
            min_years=2,
            certificate="",
            award_title="岗位技术标兵",
        ),
    )
    for index, member in enumerate(_entrants(union, worker, today, 6)[1:]):
        services.entry_register(actor=xh_staff, contest=contest, member=member, years_in_trade=3 + index)
    final = contest.stages.get()
    for judge in judges[:3]:
        services.judge_assign(actor=xh_staff, stage=final, phone=judge.phone)
    services.stage_open(actor=xh_staff, stage=final)
    # 评委赵建国 (the first judge) has not scored yet; the two others have scored everyone.
    _score_all(final.pk, judges[1:3])


def _teaching_contest(hz: OrgUnit, hz_staff: User) -> None:
    services.contest_create(
        actor=hz_staff,
        unit=hz,
        data=services.ContestInput(
            name=TEACHING,
            kind=ContestKind.TEACHING,
            level=ContestLevel.CITY,
            trade="中小学各学科",
            starts_on=timezone.localdate() + timedelta(days=45),
            rounds=[StageRound.PRELIMINARY, StageRound.SEMIFINAL, StageRound.FINAL],
            min_age=22,
            max_age=40,
            min_years=2,
            certificate="教师资格证",
            award_title="教学能手",
        ),
    )


def seed(world: DemoWorld) -> None:
    hz = OrgUnit.objects.filter(name="杭州市总工会").first()
    union = OrgUnit.objects.filter(name=world.company_union).first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    worker = Member.objects.filter(phone=world.worker_phone, unit=union).select_related("unit").first()
    if hz is None or union is None or hz_staff is None or xh_staff is None or worker is None:
        return
    judges = [_judge(phone, name) for phone, name in JUDGES]
    made = False
    if not Contest.objects.filter(name=SKILL, unit=hz).exists():
        _skill_contest(hz, hz_staff, xh_staff, union, worker, judges)
        made = True
    if not Contest.objects.filter(name=COMPANY, unit=union).exists():
        _company_contest(union, xh_staff, worker, judges)
        made = True
    if not Contest.objects.filter(name=TEACHING, unit=hz).exists():
        _teaching_contest(hz, hz_staff)
        made = True
    if made and JudgeAssignment.objects.filter(user=judges[0]).exists():
        world.say(
            "技能竞赛：市级数控车工竞赛决赛已评分并公布（王兰芳获技术能手），公司电工比武评分中"
            "（评委赵建国 13700000011 待评分），市级教学竞赛报名中"
        )
