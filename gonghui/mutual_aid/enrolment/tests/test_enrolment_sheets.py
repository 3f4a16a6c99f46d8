"""The ``.xlsx`` corrections list: a good file makes the month's correction; any bad row refuses the whole file,
naming each row in Chinese; nothing is written."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gonghui.mutual_aid.enrolment import services
from gonghui.mutual_aid.enrolment.tests import kit
from gonghui.mutual_aid.models import EnrolmentCorrection
from gonghui.mutual_aid.tests import factories

pytestmark = pytest.mark.django_db


def _xlsx(rows, header=("会员编号", "变动", "原因")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile(
        "调整.xlsx", buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_import_good_and_bad_rows(world):
    who = kit.people(world)
    listed = kit.roster(world, 2)
    plan = kit.city_plan(world)
    enrolment = factories.enrolment(plan, world.child, listed)
    joiner = factories.member(world.child)
    outsider = factories.member(world.sibling)
    bad = _xlsx(
        [
            (joiner.member_no, "增员", "新入会"),
            (listed[0].member_no, "增员", ""),  # already listed
            (outsider.member_no, "减员", ""),  # not ours: not even confirmed to exist
            ("", "减员", ""),
            (listed[1].member_no, "调岗", ""),
            (joiner.member_no, "增员", ""),  # twice
        ]
    )
    with pytest.raises(ValidationError) as info:
        services.correction_import(actor=who.clerk, enrolment=enrolment, upload=bad)
    messages = info.value.messages
    assert [m.split("：")[0] for m in messages] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"]
    assert "已在参保名单中" in messages[0]
    assert "不存在" in messages[1]
    assert not EnrolmentCorrection.objects.exists()
    with pytest.raises(ValidationError):
        services.correction_import(actor=who.clerk, enrolment=enrolment, upload=_xlsx([], header=("姓名", "原因")))
    good = _xlsx([(joiner.member_no, "增员", "新入会"), (listed[0].member_no, "减员", "调离")])
    correction = services.correction_import(actor=who.clerk, enrolment=enrolment, upload=good)
    assert (correction.added, correction.removed) == (1, 1)
    assert correction.fee_delta > 0
