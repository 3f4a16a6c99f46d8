from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.common.models import AppendOnlyError
from gonghui.policy.models import PolicyRecord
from gonghui.policy.permissions import MANAGE_POLICY, VIEW_POLICY
from gonghui.policy.selectors import policy_get, policy_today
from gonghui.policy.services import policy_set
from gonghui.policy.tests.factories import PolicyRecordFactory

KEY = "review.publicity_days"


def _set(world, actor=None, **overrides):
    kwargs = {
        "actor": actor or world.actor("same_with", MANAGE_POLICY),
        "key": KEY,
        "unit": world.target,
        "value": 7,
        "effective_from": policy_today(),
        "note": "区工发〔2026〕5号",
    }
    kwargs.update(overrides)
    return policy_set(**kwargs)


def test_policy_set_matrix(world):
    service_matrix(
        world,
        MANAGE_POLICY,
        act=lambda actor, w: _set(w, actor=actor, unit=w.target),
        state=lambda w: list(PolicyRecord.objects.values_list("pk", flat=True)),
        view_perm=VIEW_POLICY,
    )


def test_policy_set_writes_a_typed_record_and_audit_event(world):
    actor = world.actor("same_with", MANAGE_POLICY)
    PolicyRecordFactory.create(unit=world.city, value=6, effective_from=date(2025, 1, 1), note="市工发〔2025〕1号")
    record = _set(world, actor=actor, value="7", effective_from=policy_today() + timedelta(days=3))
    assert record.value == 7
    assert record.created_by == actor
    assert record.supersedes is None
    event = AuditEvent.objects.get(action="policy.policy_set")
    assert event.target_id == str(record.pk)
    assert event.unit_id == world.target.pk
    assert event.changes["value"] == [6, 7]
    assert event.changes["source"][0] == "矩阵市总工会 自2025-01-01起执行的版本（市工发〔2025〕1号）"
    assert event.data["before_record"] is not None


def test_policy_set_stores_money_and_percent_in_their_canonical_form(world):
    cap = _set(world, key="recuperation.daily_cap", value="400", note="绍兴标准")
    share = _set(world, key="finance.grassroots_share", value="70%", note="市工发〔2026〕2号")
    assert cap.value == "400.00"
    assert share.value == "0.7"
    assert policy_get("finance.grassroots_share", world.child).value == Decimal("0.7")


def test_policy_set_records_what_it_supersedes(world):
    first = _set(world, effective_from=policy_today() + timedelta(days=1))
    second = _set(world, value=6, effective_from=policy_today() + timedelta(days=10))
    between = _set(world, value=8, effective_from=policy_today() + timedelta(days=5))
    assert first.supersedes is None
    assert second.supersedes == first
    assert between.supersedes == first


def test_policy_set_refuses_a_past_date(world):
    with pytest.raises(ValidationError) as info:
        _set(world, effective_from=policy_today() - timedelta(days=1))
    assert info.value.message_dict["effective_from"] == ["不能追溯修改已生效的政策，请设置今天或以后的生效日期。"]
    assert not PolicyRecord.objects.exists()
    assert not AuditEvent.objects.exists()


def test_today_is_the_day_in_china(world):
    # At 2026-03-01 17:00 UTC it is already 2026-03-02 in Beijing: 2026-03-01 is in the past.
    with time_machine.travel(datetime(2026, 3, 1, 17, 0, tzinfo=UTC), tick=False):
        with pytest.raises(ValidationError):
            _set(world, effective_from=date(2026, 3, 1))
        assert _set(world, effective_from=date(2026, 3, 2)).effective_from == date(2026, 3, 2)


def test_policy_set_refuses_a_second_version_on_the_same_day(world):
    _set(world)
    with pytest.raises(ValidationError) as info:
        _set(world, value=8)
    assert "本组织已有同一生效日期的版本" in info.value.message_dict["effective_from"][0]
    assert PolicyRecord.objects.count() == 1
    # The same day at another unit is fine.
    assert _set(world, unit=world.child, value=8).unit == world.child


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"value": 0}, "value", "不能小于 1 个工作日"),
        ({"value": 31}, "value", "不能大于 30 个工作日"),
        ({"value": "七"}, "value", "请输入整数"),
        ({"key": "recuperation.daily_cap", "value": "600.001"}, "value", "最多保留 2 位小数"),
        ({"key": "finance.dues_rate", "value": "6%"}, "value", "不能大于 5%"),
        ({"key": "nothing.here"}, "key", "未定义的政策参数"),
        ({"note": "  "}, "note", "请填写依据文件"),
        ({"note": "文" * 201}, "note", "不能超过 200 个字符"),
    ],
)
def test_policy_set_validates(world, overrides, field, message):
    with pytest.raises(ValidationError) as info:
        _set(world, **overrides)
    assert message in " ".join(info.value.message_dict[field])
    assert not PolicyRecord.objects.exists()


def test_records_are_append_only(world):
    record = _set(world)
    record.value = 9
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        PolicyRecord.objects.filter(pk=record.pk).update(value=9)
    with pytest.raises(AppendOnlyError):
        PolicyRecord.objects.filter(pk=record.pk).delete()
    assert PolicyRecord.objects.get(pk=record.pk).value == 7


def test_a_new_version_changes_nothing_before_its_date(world):
    PolicyRecordFactory.create(unit=world.target, value=6, effective_from=date(2025, 1, 1))
    before = policy_get(KEY, world.target, on=policy_today() - timedelta(days=1))
    _set(world, value=9, effective_from=policy_today())
    after = policy_get(KEY, world.target, on=policy_today() - timedelta(days=1))
    assert (before.value, before.record) == (after.value, after.record) == (6, before.record)
    assert policy_get(KEY, world.target).value == 9


# --- policy_seed: the first version of a key, backdated (a union's existing rules; the demo province) -------------


def _seed(world, actor=None, **overrides):
    from gonghui.policy.services import policy_seed

    kwargs = {
        "actor": actor or world.actor("same_with", MANAGE_POLICY),
        "key": KEY,
        "unit": world.target,
        "value": 6,
        "effective_from": policy_today() - timedelta(days=200),
        "note": "区工发〔2025〕9号",
    }
    kwargs.update(overrides)
    return policy_seed(**kwargs)


def test_policy_seed_matrix(world):
    service_matrix(
        world,
        MANAGE_POLICY,
        act=lambda actor, w: _seed(w, actor=actor),
        state=lambda w: list(PolicyRecord.objects.values_list("pk", flat=True)),
        view_perm=VIEW_POLICY,
    )


def test_policy_seed_backdates_only_the_first_version(world):
    day = policy_today() - timedelta(days=200)
    record = _seed(world)
    assert record.effective_from == day
    assert policy_get(KEY, world.target, on=day).value == 6
    assert AuditEvent.objects.filter(action="policy.policy_seed", target_id=str(record.pk)).exists()
    with pytest.raises(ValidationError) as info:
        _seed(world, effective_from=day - timedelta(days=30))
    assert info.value.error_dict["effective_from"][0].code == "seeded"
    with pytest.raises(ValidationError) as info:
        _seed(world, unit=world.child, effective_from=policy_today() + timedelta(days=1))
    assert info.value.error_dict["effective_from"][0].code == "future"
    with pytest.raises(ValidationError):
        _seed(world, unit=world.child, value="not a number")
