from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login, root_only_http_matrix
from gonghui.review.models import CaseStatus, Objection, ObjectionStatus, ProcessStep, ProcessType, ReviewCase
from gonghui.review.permissions import ACT_CASE, MANAGE_PROCESS, VIEW_CASE
from gonghui.review.services import objection_raise
from gonghui.review.tests.factories import act, cast_of, fresh, make_process, submit

pytestmark = pytest.mark.django_db

# List pages are open to every staff member who sees cases somewhere: the sibling's staff get their own
# (empty) lists, never the target's cases.
READERS = ("sibling", "same_with", "ancestor")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _county_case(world):
    people = cast_of(world)
    process = make_process("views.review", [("县级审核", "county"), ("市级审核", "city")])
    return submit(people.clerk, process, world.child), people


def _state(case):
    def state(_w):
        row = ReviewCase.objects.get(pk=case.pk)
        return (row.status, row.version, row.events.count())

    return state


def test_queue_page_matrix(world):
    case, _people = _county_case(world)
    responses = http_matrix(world, VIEW_CASE, "get", reverse("review:queue"), allowed=READERS)
    assert CANARY not in responses["sibling"].content.decode()
    for name in ("same_with", "ancestor"):
        page = responses[name].content.decode()
        assert case.title in page
        assert reverse("review:case_detail", args=[case.pk]) in page


def test_queue_page_filters_and_overdue_badge(world):
    people = cast_of(world)
    process = make_process("views.review", [("县级审核", "county"), ("市级审核", "city")])
    with time_machine.travel(datetime(2026, 9, 1, 10, tzinfo=SHANGHAI), tick=False):
        case = submit(people.clerk, process, world.child)
    client = login(Client(), people.county)
    url = reverse("review:queue")
    page = client.get(url).content.decode()
    assert case.title in page
    assert "超期" in page
    make_process("views.other", [("基层审核", "subject")])
    assert case.title not in client.get(url + "?process=views.other").content.decode()
    assert case.title in client.get(url + "?process=views.review").content.decode()
    assert case.title in client.get(url + "?status=in_review&sort=-due").content.decode()
    assert case.title not in client.get(url + "?status=in_publicity").content.decode()


def test_queue_page_query_count_is_pinned(world, django_assert_max_num_queries):
    case, people = _county_case(world)
    client = login(Client(), people.county)
    url = reverse("review:queue")
    client.get(url)
    # session, user, TOTP device, grants, step permissions, process choices, count, page, nav roots
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    process = ProcessType.objects.get(code="views.review")
    for i in range(30):
        submit(people.clerk, process, world.child, title=f"申请{i}{CANARY}")
    with django_assert_max_num_queries(10):
        response = client.get(url + "?sort=title")
    assert response.content.decode().count(reverse("review:case_detail", args=[case.pk]).rsplit("/", 2)[0]) >= 25


def test_case_list_page_matrix_and_filters(world):
    case, people = _county_case(world)
    responses = http_matrix(world, VIEW_CASE, "get", reverse("review:case_list"), allowed=READERS)
    assert CANARY not in responses["sibling"].content.decode()
    assert case.title in responses["ancestor"].content.decode()
    client = login(Client(), people.county)
    url = reverse("review:case_list")
    assert case.title in client.get(url + f"?q={CANARY}&status=in_review&overdue=").content.decode()
    assert case.title not in client.get(url + "?status=approved").content.decode()
    assert client.get(url + "?status=bogus").status_code == 200


def test_case_list_page_query_count_is_pinned(world, django_assert_max_num_queries):
    case, people = _county_case(world)
    client = login(Client(), people.city)
    url = reverse("review:case_list")
    client.get(url)
    process = ProcessType.objects.get(code="views.review")
    for i in range(30):
        submit(people.clerk, process, world.child, title=f"申请{i}")
    with django_assert_max_num_queries(9):
        assert client.get(url + "?sort=-due").status_code == 200


def test_case_detail_matrix_and_content(world):
    case, people = _county_case(world)
    url = reverse("review:case_detail", args=[case.pk])
    responses = http_matrix(world, VIEW_CASE, "get", url)
    page = responses["same_with"].content.decode()
    assert case.title in page
    assert 'value="approve"' in page
    assert f'name="expected_version" value="{case.version}"' in page
    # The submitter sees the case and may withdraw it, but gets no approval buttons.
    client = login(Client(), people.clerk)
    page = client.get(url).content.decode()
    assert 'value="withdraw"' in page
    assert 'value="approve"' not in page


def test_case_act_matrix(world):
    case, _people = _county_case(world)
    http_matrix(
        world,
        ACT_CASE,
        "post",
        reverse("review:case_act", args=[case.pk]),
        data=lambda w: {"action": "approve", "comment": "同意", "expected_version": fresh(case).version},
        state=_state(case),
    )


def test_case_act_page_flow_and_messages(world):
    case, people = _county_case(world)
    client = login(Client(), people.county)
    url = reverse("review:case_act", args=[case.pk])
    detail = reverse("review:case_detail", args=[case.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"action": "return", "comment": "", "expected_version": case.version}, follow=True)
    assert "请填写退回原因" in response.content.decode()
    assert fresh(case).status == CaseStatus.IN_REVIEW
    response = client.post(url, {"action": "approve", "expected_version": case.version})
    assert response.status_code == 302
    assert response["Location"] == detail
    response = client.post(url, {"action": "approve", "expected_version": case.version}, follow=True)
    assert "该事项已被处理，请刷新页面。" in response.content.decode()
    assert client.post(url, {"action": "fly"}, follow=True).status_code == 200
    assert fresh(case).version == 2


def _publicity_case(world):
    people = cast_of(world)
    process = make_process("views.publicity", [("公示", "county", "publicity")])
    with time_machine.travel(datetime(2026, 11, 2, 10, tzinfo=SHANGHAI), tick=False):
        case = submit(people.clerk, process, world.child)
    return case, people


def test_objection_new_matrix(world):
    case, _people = _publicity_case(world)
    url = reverse("review:objection_new", args=[case.pk])
    http_matrix(world, VIEW_CASE, "get", url)
    http_matrix(
        world,
        VIEW_CASE,
        "post",
        url,
        data={"contact_name": "李四", "contact_phone": "13912345678", "content": f"异议{CANARY}"},
        state=lambda w: Objection.objects.count(),
    )


def test_objection_new_records_and_shows_masked_contact(world):
    case, people = _publicity_case(world)
    client = login(Client(), people.county)
    url = reverse("review:objection_new", args=[case.pk])
    response = client.post(url, {"contact_name": "李小四", "contact_phone": "13912345678", "content": "不实"})
    assert response.status_code == 302
    page = client.get(reverse("review:case_detail", args=[case.pk])).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page
    assert "李*四" in page
    response = client.post(url, {"contact_name": "李四", "contact_phone": "12", "content": "x"})
    assert response.status_code == 200
    assert Objection.objects.count() == 1


def test_objection_resolve_matrix(world):
    case, _people = _publicity_case(world)
    objection = objection_raise(actor=None, case=case, contact_name="李四", contact_phone="13912345678", content="x")
    url = reverse("review:objection_resolve", args=[objection.pk])
    http_matrix(world, ACT_CASE, "get", url)
    http_matrix(
        world,
        ACT_CASE,
        "post",
        url,
        data={"upheld": "1", "resolution": "成立"},
        state=lambda w: Objection.objects.get(pk=objection.pk).status,
    )


def test_objection_resolve_page_flow(world):
    case, people = _publicity_case(world)
    objection = objection_raise(actor=None, case=case, contact_name="李四", contact_phone="13912345678", content="x")
    client = login(Client(), people.county)
    url = reverse("review:objection_resolve", args=[objection.pk])
    assert client.post(url, {"upheld": "0", "resolution": ""}).status_code == 200
    assert client.post(url, {"upheld": "0", "resolution": "不成立"}).status_code == 302
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.DISMISSED
    assert client.get(url).status_code == 200  # read-only once decided
    assert client.post(url, {"upheld": "1", "resolution": "再改"}).status_code == 302
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.DISMISSED
    # The publicity can now be closed from the case page once the period is over.
    case = fresh(case)
    with time_machine.travel(datetime(2026, 11, 30, 10, tzinfo=SHANGHAI), tick=False):
        client = login(Client(), people.county)
        page = client.get(reverse("review:case_detail", args=[case.pk])).content.decode()
        assert 'value="publicity_close"' in page
        client.post(
            reverse("review:case_act", args=[case.pk]),
            {"action": "publicity_close", "expected_version": case.version},
        )
    assert fresh(case).status == CaseStatus.APPROVED


def _processes(_w):
    return list(ProcessType.objects.order_by("code").values_list("code", "name", "is_active"))


def _steps(_w):
    return list(ProcessStep.objects.order_by("pk").values_list("process", "order", "name", "level", "kind"))


def test_process_list_matrix(world):
    make_process("views.listed", [("基层审核", "subject")])
    responses = root_only_http_matrix(world, MANAGE_PROCESS, "get", reverse("review:process_list"))
    assert "views.listed" in responses["ancestor"].content.decode()
    root_only_http_matrix(
        world,
        MANAGE_PROCESS,
        "post",
        reverse("review:process_list"),
        data={"code": "members.join", "name": "入会申请", "description": "", "is_active": "on"},
        state=_processes,
    )


def test_process_detail_matrix(world):
    process = make_process("views.detail", [("基层审核", "subject")])
    url = reverse("review:process_detail", args=[process.pk])
    root_only_http_matrix(world, MANAGE_PROCESS, "get", url)
    root_only_http_matrix(
        world,
        MANAGE_PROCESS,
        "post",
        url,
        data={
            "op": "step",
            "order": "2",
            "name": "县级审核",
            "level": "county",
            "kind": "review",
            "permission": "review.act_case",
            "deadline_working_days": "5",
            "publicity_working_days": "5",
        },
        state=_steps,
    )


def test_process_pages_create_edit_and_delete(world):
    admin = world.staff("sysadmin", world.province, [MANAGE_PROCESS, VIEW_CASE])
    client = login(Client(), admin)
    response = client.post(
        reverse("review:process_list"), {"code": "members.join", "name": "入会申请", "is_active": "on"}
    )
    process = ProcessType.objects.get(code="members.join")
    url = reverse("review:process_detail", args=[process.pk])
    assert response["Location"] == url
    step_data = {
        "op": "step",
        "order": "1",
        "name": "基层审核",
        "level": "subject",
        "kind": "review",
        "permission": "review.act_case",
        "deadline_working_days": "5",
        "publicity_working_days": "5",
    }
    assert client.post(url, step_data).status_code == 302
    step = process.steps.get()
    page = client.get(url + f"?step={step.pk}").content.decode()
    assert "修改步骤：基层审核" in page
    assert client.post(url, {**step_data, "step": str(step.pk), "name": "基层工会审核"}).status_code == 302
    assert process.steps.get().name == "基层工会审核"
    # Duplicate order → the form shows the error.
    response = client.post(url, {**step_data, "name": "重复"})
    assert response.status_code == 200
    assert "顺序为 1" in response.content.decode()
    response = client.post(url, {"op": "process", "code": "ignored", "name": "职工入会申请"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert (process.code, process.name, process.is_active) == ("members.join", "职工入会申请", False)
    assert client.post(url, {"op": "step_delete", "step": str(step.pk)}).status_code == 302
    assert not process.steps.exists()
    assert client.post(url, {"op": "nonsense"}).status_code == 302


def test_my_cases_fragment_renders(world):
    from django.template.loader import render_to_string

    from gonghui.review.selectors import my_cases

    process = make_process("views.member", [("基层审核", "subject")])
    case = submit(world.member, process, world.child, title="入会申请")
    html = render_to_string("review/_my_cases.html", {"cases": my_cases(actor=world.member)})
    assert "入会申请" in html
    assert "审核中" in html
    people = cast_of(world)
    act(people.grassroots, case, "return", comment="请补充")
    html = render_to_string("review/_my_cases.html", {"cases": my_cases(actor=world.member)})
    assert "已退回" in html
    assert "还没有提交" in render_to_string("review/_my_cases.html", {"cases": []})
