"""Demo check-ups: partner hospitals (浙江省人民医院体检中心 for 杭州市总工会, 宁波市第一医院健康管理中心 for
宁波市总工会); this year's check-ups of the demo honorees: three already done at the start of the year (two with
abnormal results and a follow-up due, one of them followed up), one model worker with last year's check-up too,
the others booked by the "book all not yet booked" action from the next working day, and one asking to move the
day. Past check-ups are written as they were booked then (booking refuses a past day); results, follow-ups,
bookings and the change request go through the services. Idempotent: nothing is done when the company union's
honorees already have a check-up this year."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.honors.models import Honoree
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.health import services
from gonghui.recuperation.models import Checkup, CheckupStatus, Hospital
from gonghui.workdays.selectors import is_working_day

RESULTS = [
    ({"systolic": "152", "diastolic": "96", "glucose": "5.4", "bmi": "26.1"}, "血压偏高，建议心内科复查。", True),
    ({"systolic": "126", "diastolic": "80", "glucose": "7.3", "bmi": "24.0"}, "空腹血糖偏高，建议内分泌科复查。", True),
    ({"systolic": "118", "diastolic": "76", "glucose": "5.0", "bmi": "22.3"}, "各项指标未见明显异常。", False),
]


def _hospital(actor: User, unit: OrgUnit, name: str, capacity: int, address: str) -> Hospital:
    found = Hospital.objects.filter(unit=unit, name=name).first()
    if found is not None:
        return found
    return services.hospital_create(
        actor=actor, unit=unit, name=name, daily_capacity=capacity, address=address, phone="0571-87666666"
    )


def _working(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _past(honoree: Honoree, hospital: Hospital, day: date, user: User, key: str) -> Checkup:
    """A check-up booked earlier for a day now past (written as the booking was then)."""
    found = Checkup.objects.filter(request_key=key).first()
    return found or Checkup.objects.create(
        honoree=honoree,
        member_id=honoree.member_id,
        unit_id=honoree.unit_id,
        year=day.year,
        hospital=hospital,
        day=day,
        request_key=key,
        booked_by=user,
    )


def seed(world: DemoWorld) -> None:
    company = OrgUnit.objects.filter(name=world.company_union).first()
    hangzhou = OrgUnit.objects.filter(name="杭州市总工会").first()
    ningbo = OrgUnit.objects.filter(name="宁波市总工会").first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    nb_staff = User.objects.filter(username="nb_staff").first()
    if company is None or hangzhou is None or hz_staff is None or xh_staff is None:
        return
    hz_hospital = _hospital(hz_staff, hangzhou, "浙江省人民医院体检中心", 15, "杭州市上塘路158号")
    honorees = list(Honoree.objects.filter(unit=company, revoked_on__isnull=True).order_by("member_id", "pk"))
    today = timezone.localdate()
    if not honorees or Checkup.objects.filter(unit=company, year=today.year).exists():
        return
    # Three done early this year, one of them with last year's check-up too.
    for index, (honoree, (values, summary, abnormal)) in enumerate(zip(honorees[:3], RESULTS, strict=False)):
        day = _working(date(today.year, 3, 10 + index))
        checkup = _past(honoree, hz_hospital, day, xh_staff, f"demo:{today.year}:{honoree.member_id}")
        services.checkup_record_results(
            actor=xh_staff, checkup=checkup, values=values, summary=summary, abnormal=abnormal
        )
    last_year = _past(
        honorees[0], hz_hospital, _working(date(today.year - 1, 4, 8)), xh_staff, f"demo:{today.year - 1}:first"
    )
    if not last_year.results_cipher:
        services.checkup_record_results(
            actor=xh_staff,
            checkup=last_year,
            values={"systolic": "138", "diastolic": "88", "glucose": "5.6", "bmi": "25.8"},
            summary="血压临界，建议低盐饮食、一年后复查。",
            abnormal=False,
        )
    first_done = Checkup.objects.get(request_key=f"demo:{today.year}:{honorees[1].member_id}")
    if first_done.followed_up_on is None and first_done.follow_up_due is not None:
        services.checkup_record_follow_up(
            actor=xh_staff,
            checkup=first_done,
            on=min(today, first_done.day + timedelta(days=20)),
            note="复查空腹血糖 6.0 mmol/L，饮食控制，三个月后再查。",
        )
    # The abnormal result of the first one is overdue for follow-up: the console's panel shows it, the job reminds.
    # Everyone else: booked from the next working day by the "book all" action.
    result = services.checkups_book_all(
        actor=xh_staff,
        unit=company,
        hospital=hz_hospital,
        first_day=_working(today + timedelta(days=1)),
        request_key=f"demo-{today.year}",
    )
    booked = Checkup.objects.filter(unit=company, year=today.year, status=CheckupStatus.BOOKED).order_by("day").first()
    if booked is not None and booked.member.user_id:
        user = User.objects.get(pk=booked.member.user_id)
        services.checkup_request_change(
            actor=user, checkup=booked, day=_working(booked.day + timedelta(days=3)), reason="当天有重要生产任务"
        )
    if ningbo is not None and nb_staff is not None:
        nb_hospital = _hospital(nb_staff, ningbo, "宁波市第一医院健康管理中心", 10, "宁波市柳汀街59号")
        services.checkups_book_all(
            actor=nb_staff,
            unit=ningbo,
            hospital=nb_hospital,
            first_day=_working(today + timedelta(days=2)),
            request_key=f"demo-nb-{today.year}",
        )
    world.say(f"劳模体检：3 人已体检（2 人异常待复查/已复查），{result.booked} 人已统一预约")
