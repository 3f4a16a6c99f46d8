"""The demo's retirees: 老年书画社 of 西湖区总工会 with its retired members and a past and an upcoming activity, the
portal retiree (``13800000031``) signed up; visits done, planned and overdue; a condolence paid and one waiting;
a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import User
from gonghui.demo.seed import world
from gonghui.finance.models import PaymentStatus
from gonghui.retirees import demo
from gonghui.retirees.clubs import selectors as clubs
from gonghui.retirees.clubs.demo import CLUB, RETIREE_PHONE
from gonghui.retirees.condolences import selectors as condolences
from gonghui.retirees.models import ActivityStatus, Club, ClubActivity, Condolence, Visit, VisitStatus
from gonghui.retirees.visits import selectors as visits

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_retirees_club_visits_and_condolences():
    club = Club.objects.get(name=CLUB)
    statuses = set(ClubActivity.objects.filter(club=club).values_list("status", flat=True))
    assert statuses == {ActivityStatus.DONE, ActivityStatus.PLANNED}
    retiree = User.objects.get(phone=RETIREE_PHONE)
    assert club in clubs.my_clubs(actor=retiree)
    assert clubs.my_signed_ids(actor=retiree)
    staff = User.objects.get(username="xh_retire")
    mine = visits.visit_list(actor=staff)
    assert mine.filter(status=VisitStatus.DONE).exists()
    assert visits.visit_list(actor=staff, overdue=True).count() >= 1
    payments = condolences.payments_by_source(list(Condolence.objects.all()))
    assert sorted(p.status for p in payments.values()) == [PaymentStatus.PAID, PaymentStatus.REQUESTED]
    counts = (Club.objects.count(), ClubActivity.objects.count(), Visit.objects.count(), Condolence.objects.count())
    demo.seed(world())
    assert (
        Club.objects.count(),
        ClubActivity.objects.count(),
        Visit.objects.count(),
        Condolence.objects.count(),
    ) == counts
