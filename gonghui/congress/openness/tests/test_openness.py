"""Openness of affairs: the authorization matrix of every service and page, who may read and ask (members of the
union and the unions below it, published items only), the answer's due day by the policy, escalation once, the
asker seeing the answer on the portal, the API, and the list's pinned query count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.congress.models import DisclosureItem, DisclosureQuestion
from gonghui.congress.openness import panels, services
from gonghui.congress.openness.tests import kit
from gonghui.congress.permissions import MANAGE_OPENNESS, VIEW_CONGRESS
from gonghui.congress.suggestions.tests import factories as f
from gonghui.policy.models import PolicyRecord

pytestmark = pytest.mark.django_db


def _asked(world, item=None):
    item = item or kit.item(world)
    who = f.member(world)
    return who, services.question_ask(actor=f.u(who), item=item, member=who, question="奖金何时发放？")


def test_service_matrices(world):
    item = kit.item(world)
    kw: dict[str, Any] = {"view_perm": VIEW_CONGRESS}
    service_matrix(
        world,
        MANAGE_OPENNESS,
        lambda a, w: services.item_create(actor=a, unit=w.child, category="wages", title="t", body="b"),
        state=lambda w: DisclosureItem.objects.count(),
        **kw,
    )
    service_matrix(
        world,
        MANAGE_OPENNESS,
        lambda a, w: services.item_withdraw(actor=a, item=DisclosureItem.objects.get(pk=item.pk)),
        state=lambda w: DisclosureItem.objects.get(pk=item.pk).withdrawn_on,
        **kw,
    )
    _who, question = _asked(world, item)
    service_matrix(
        world,
        MANAGE_OPENNESS,
        lambda a, w: services.question_answer(
            actor=a, question=DisclosureQuestion.objects.get(pk=question.pk), answer="月底"
        ),
        state=lambda w: DisclosureQuestion.objects.get(pk=question.pk).answered_on,
        **kw,
    )


def test_who_may_ask(world):
    item = kit.item(world)
    who = f.member(world)
    outsider = f.member(world, unit=world.sibling)
    with pytest.raises(access.NotVisible):
        services.question_ask(actor=f.u(outsider), item=item, member=outsider, question="?")
    with pytest.raises(access.NotVisible):  # someone else's membership
        services.question_ask(actor=f.u(outsider), item=item, member=who, question="?")
    with pytest.raises(ValidationError):
        services.question_ask(actor=f.u(who), item=item, member=who, question="  ")
    q = services.question_ask(actor=f.u(who), item=item, member=who, question="奖金何时发放？")
    assert q.due_on == q.asked_on + timedelta(days=30)
    with pytest.raises(ValidationError, match="已经提过"):
        services.question_ask(actor=f.u(who), item=item, member=who, question="奖金何时发放？")
    services.item_withdraw(actor=kit.clerk(world), item=item)
    item.refresh_from_db()
    with pytest.raises(access.NotVisible):
        services.question_ask(actor=f.u(who), item=item, member=who, question="新问题")
    # A member of a union below the item's union reads the items of the unions above.
    upper = services.item_create(
        actor=kit.clerk(world), unit=world.target, category="operations", title="区总公开", body="b"
    )
    assert services.may_read(who, upper)


def test_due_day_by_policy_and_escalation_once(world):
    item = kit.item(world)
    clerk = kit.clerk(world)
    record = PolicyRecord.objects.create(
        key="congress.disclosure_answer_days",
        unit=world.city,
        value=10,
        effective_from=timezone.localdate(),
        note="测试",
        created_by=clerk,
    )
    _who, q = _asked(world, item)
    assert q.due_on == q.asked_on + timedelta(days=10)
    assert q.policy_record_ids == [record.pk]
    assert services.questions_escalate(today=q.due_on) == 0
    later = q.due_on + timedelta(days=1)
    assert services.questions_escalate(today=later) == 1
    assert services.questions_escalate(today=later) == 0
    assert AuditEvent.objects.filter(action="congress.disclosure_escalate").count() == 1
    assert panels.waiting(clerk)[0].count == 1
    services.question_answer(actor=clerk, question=q, answer="已答复")
    with pytest.raises(ValidationError):
        services.question_answer(actor=clerk, question=q, answer="again")
    assert panels.waiting(clerk)[0].count == 0


def test_pages(world):
    item = kit.item(world)
    who, q = _asked(world, item)
    http_matrix(world, VIEW_CONGRESS, "get", reverse("congress:disclosure_detail", args=[item.pk]))
    http_matrix(
        world,
        MANAGE_OPENNESS,
        "post",
        reverse("congress:disclosure_detail", args=[item.pk]),
        data={"action": "answer", "question": q.pk, "answer": "月底发放"},
        state=lambda w: DisclosureQuestion.objects.get(pk=q.pk).answered_on,
    )
    for name in ("disclosure_list", "disclosure_questions"):
        url = reverse(f"congress:{name}")
        assert CANARY not in login(Client(), world.actor("sibling", VIEW_CONGRESS)).get(url).content.decode()
        assert login(Client(), world.member).get(url).status_code in (302, 403)
    # The asker reads the answer on the portal; another member of the union sees the item but not the question.
    services.question_answer(actor=kit.clerk(world), question=q, answer="本月 25 日随工资发放")
    portal = (
        login(Client(), f.u(who)).get(reverse("congress_portal:disclosure_detail", args=[item.pk])).content.decode()
    )
    assert "本月 25 日随工资发放" in portal
    other = f.member(world)
    page = (
        login(Client(), f.u(other)).get(reverse("congress_portal:disclosure_detail", args=[item.pk])).content.decode()
    )
    assert item.title in page
    assert "本月 25 日随工资发放" not in page
    outsider = f.member(world, unit=world.sibling)
    assert (
        login(Client(), f.u(outsider)).get(reverse("congress_portal:disclosure_detail", args=[item.pk])).status_code
        == 404
    )
    response = login(Client(), f.u(other)).post(
        reverse("congress_portal:disclosure_detail", args=[item.pk]), {"question": "加班费怎么算？"}
    )
    assert response.status_code == 302
    assert DisclosureQuestion.objects.filter(member=other).count() == 1


def test_api(world):
    item = kit.item(world)
    who = f.member(world)
    client = login(Client(), f.u(who))
    listed = client.get("/api/v1/congress/disclosures/").json()
    assert [r["id"] for r in listed["results"]] == [item.pk]
    url = f"/api/v1/congress/disclosures/{item.pk}/questions/"
    response = client.post(url, {"question": "绩效系数怎么定？"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["due_on"]
    assert len(client.get(url).json()) == 1
    staff = login(Client(), world.actor("same_with", VIEW_CONGRESS))
    assert len(staff.get(url).json()) == 1
    assert login(Client(), world.actor("sibling", VIEW_CONGRESS)).get(url).status_code == 404
    outsider = f.member(world, unit=world.sibling)
    assert (
        login(Client(), f.u(outsider)).post(url, {"question": "x"}, content_type="application/json").status_code == 404
    )
    assert (
        login(Client(), world.actor("sibling", VIEW_CONGRESS))
        .get(f"/api/v1/congress/disclosures/{item.pk}/")
        .status_code
        == 404
    )


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    for n in range(3):
        _asked(world, kit.item(world, title=f"事项{n}"))
    client = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    client.get(reverse("congress:disclosure_list"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("congress:disclosure_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("congress:disclosure_questions")).status_code == 200


def test_a_clerk_publishes_an_item_for_a_union_picked_by_name_and_cannot_pick_one_outside(world):
    client = login(Client(), kit.clerk(world))
    page = client.get(reverse("congress:disclosure_new"))
    assert page.status_code == 200
    assert '<select name="unit"' not in page.content.decode()  # a search by name, never a list of every unit
    form = {"unit": world.child.pk, "category": "wages", "title": "年度福利方案", "body": "详见附件。", "publish": "on"}
    response = client.post(reverse("congress:disclosure_new"), form)
    assert response.status_code == 302
    assert DisclosureItem.objects.filter(unit=world.child, title="年度福利方案").exists()
    # A union outside the clerk's subtree is not a choice: nothing is written.
    response = client.post(reverse("congress:disclosure_new"), {**form, "unit": world.sibling.pk, "title": "越权"})
    assert response.status_code in (200, 404)
    assert not DisclosureItem.objects.filter(title="越权").exists()
