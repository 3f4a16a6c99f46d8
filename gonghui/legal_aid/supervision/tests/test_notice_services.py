"""Supervision notice services: issue → reply → follow-up → referral → closure; the reply's deadline; bad input;
the authorization matrix."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.legal_aid.models import NoticeEvent, NoticeStatus, SupervisionNotice
from gonghui.legal_aid.permissions import ISSUE_NOTICES, VIEW_SUPERVISION
from gonghui.legal_aid.supervision import services
from gonghui.workdays.services import seed_calendar

pytestmark = pytest.mark.django_db

DATA = services.NoticeInput(
    employer_name="某某电子有限公司",
    employer_credit_code="91330106MA2B3C4D5E",
    finding="连续三个月安排职工每月加班超过 36 小时。",
    legal_basis="《劳动法》第四十一条",
    demand="立即停止违法延长工作时间，补发加班工资。",
)


def clerk(world, unit=None):
    return world.staff("jd", unit or world.child, [VIEW_SUPERVISION, ISSUE_NOTICES])


def test_notice_from_issue_to_closure(world):
    seed_calendar(2026)
    staff = clerk(world)
    notice = services.notice_issue(actor=staff, unit=world.child, data=DATA, on=date(2026, 9, 21))
    assert notice.number == f"JD2026{notice.pk:06d}"
    # Monday 21 September 2026 + 15 working days: the Mid-Autumn Friday and 1-7 October off, Saturday 10 October
    # a make-up working day.
    assert notice.reply_due_on == date(2026, 10, 19)
    services.notice_follow_up(actor=staff, notice=notice, note="电话督促人事部门")
    notice = services.notice_reply(
        actor=staff, notice=notice, reply="已调整排班，补发加班工资。", on=date(2026, 10, 15)
    )
    assert notice.status == NoticeStatus.REPLIED
    with pytest.raises(ValidationError):
        services.notice_reply(actor=staff, notice=notice, reply="again")
    notice = services.notice_refer(
        actor=staff, notice=notice, referred_to="区劳动保障监察大队", note="复查仍有超时加班"
    )
    assert notice.status == NoticeStatus.REFERRED
    notice = services.notice_close(actor=staff, notice=notice, note="监察大队已责令整改到位")
    assert notice.status == NoticeStatus.CLOSED
    with pytest.raises(ValidationError):
        services.notice_follow_up(actor=staff, notice=notice, note="late")
    actions = list(NoticeEvent.objects.filter(notice=notice).values_list("action", flat=True))
    assert actions == ["issue", "follow_up", "reply", "refer", "close"]


def test_late_reply_is_recorded_and_marked_late(world):
    staff = clerk(world)
    notice = services.notice_issue(actor=staff, unit=world.child, data=DATA, on=date(2026, 3, 2))
    services.notice_reply(actor=staff, notice=notice, reply="已整改", on=date(2026, 5, 6))
    assert AuditEvent.objects.filter(action="legal_aid.notice_reply").latest("pk").data["late"] is True


def test_bad_input_names_the_field(world):
    staff = clerk(world)
    for change, field in (
        ({"employer_name": " "}, "employer_name"),
        ({"employer_credit_code": "123"}, "employer_credit_code"),
        ({"finding": ""}, "finding"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"demand": ""}, "demand"),
    ):
        data = services.NoticeInput(**{**DATA.__dict__, **change})
        with pytest.raises(ValidationError) as error:
            services.notice_issue(actor=staff, unit=world.child, data=data)
        assert field in error.value.message_dict
    assert not SupervisionNotice.objects.exists()


def test_issue_matrix(world):
    service_matrix(
        world,
        ISSUE_NOTICES,
        act=lambda actor, w: services.notice_issue(actor=actor, unit=w.target, data=DATA),
        state=lambda w: SupervisionNotice.objects.count(),
        view_perm=VIEW_SUPERVISION,
    )


def test_reply_refer_close_follow_up_matrices(world):
    notice = services.notice_issue(actor=clerk(world, world.target), unit=world.target, data=DATA)

    def state(w):
        return (SupervisionNotice.objects.get(pk=notice.pk).status, NoticeEvent.objects.filter(notice=notice).count())

    for act in (
        lambda actor, w: services.notice_reply(actor=actor, notice=notice, reply="已整改"),
        lambda actor, w: services.notice_follow_up(actor=actor, notice=notice, note="督促"),
        lambda actor, w: services.notice_refer(actor=actor, notice=notice, referred_to="监察大队"),
        lambda actor, w: services.notice_close(actor=actor, notice=notice, note="已整改"),
    ):
        service_matrix(world, ISSUE_NOTICES, act=act, state=state, view_perm=VIEW_SUPERVISION)
