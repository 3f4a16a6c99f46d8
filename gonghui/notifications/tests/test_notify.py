"""``notify``: the inbox row in the caller's transaction, once per key; the SMS per the worker's preference (else
the category's default), after commit, never where the category allows none or no phone is known; a gateway
failure never breaks the caller; the log masks the phone."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction
from django.utils import translation

from gonghui.notifications.models import Notification
from gonghui.notifications.registry import UnknownCategory
from gonghui.notifications.services import notify, platform_language, preference_set
from gonghui.notifications.tests.kit import NEVER, OFF, ON, worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("categories")]


def _notify(user, category=ON, key="k1", **extra):
    return notify(user=user, category=category, title="标题", body="内容", key=key, **extra)


def test_inbox_row_and_sms_after_commit(outbox, django_capture_on_commit_callbacks):
    user = worker("13711112222")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = _notify(user, url="/messages/")
    assert row is not None
    assert (row.recipient_id, row.category, row.title, row.body, row.url) == (user.pk, ON, "标题", "内容", "/messages/")
    assert row.read_at is None
    assert row.sms_sent
    assert outbox == [], "nothing leaves before the caller's transaction commits"
    for callback in callbacks:
        callback()
    assert outbox == [("13711112222", "【工会】标题：内容")]


def test_same_key_notifies_once(outbox, django_capture_on_commit_callbacks):
    user = worker()
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(user, key="job:7")
        again = _notify(user, key="job:7")
        other = _notify(user, key="job:8")
    assert first is not None
    assert again is not None
    assert other is not None
    assert again.pk == first.pk != other.pk
    assert Notification.objects.filter(recipient=user).count() == 2
    assert len(outbox) == 2
    # The key is per recipient: another worker with the same key is told too.
    assert _notify(worker(), key="job:7") is not None
    assert Notification.objects.filter(key="job:7").count() == 2


def test_a_rolled_back_decision_notifies_nobody(outbox, django_capture_on_commit_callbacks):
    user = worker()

    def decide() -> None:
        with transaction.atomic():
            _notify(user)
            raise RuntimeError("the decision failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        decide()
    assert not Notification.objects.filter(recipient=user).exists()
    assert outbox == []


@pytest.mark.parametrize(
    ("category", "choice", "sms"),
    [
        (ON, None, True),
        (OFF, None, False),
        (ON, False, False),
        (OFF, True, True),
        (NEVER, None, False),
    ],
)
def test_sms_follows_the_preference_else_the_default(outbox, django_capture_on_commit_callbacks, category, choice, sms):
    user = worker()
    if choice is not None:
        preference_set(actor=user, category=category, sms=choice)
    with django_capture_on_commit_callbacks(execute=True):
        row = _notify(user, category=category)
    assert row is not None
    assert row.sms_sent is sms
    assert len(outbox) == (1 if sms else 0)
    assert Notification.objects.filter(recipient=user).count() == 1, "the inbox always receives it"


def test_sms_cannot_be_turned_on_where_the_category_allows_none():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        preference_set(actor=worker(), category=NEVER, sms=True)
    with pytest.raises(ValidationError):
        preference_set(actor=worker(), category="no.such", sms=False)


def test_no_phone_no_sms_and_an_explicit_phone_wins(outbox, django_capture_on_commit_callbacks):
    without = worker(phone="")
    with django_capture_on_commit_callbacks(execute=True):
        row = _notify(without)
        _notify(worker("13722223333"), phone="13799998888")
    assert row is not None
    assert not row.sms_sent
    assert [phone for phone, _m in outbox] == ["13799998888"]


def test_without_an_account_only_the_default_sms(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(user=None, category=ON, title="标题", key="x", phone="13733334444") is None
        assert notify(user=None, category=OFF, title="标题", key="y", phone="13733335555") is None
        assert notify(user=None, category=ON, title="标题", key="z") is None
    assert outbox == [("13733334444", "【工会】标题")]
    assert not Notification.objects.exists()


def test_sms_text_override_and_shortening(outbox, django_capture_on_commit_callbacks):
    user = worker()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, category=ON, title="标题", body="很长" * 100, key="long")
        notify(user=user, category=ON, title="标题", body="内容", key="own", sms="【工会】自己的短信")
    assert outbox[0][1].endswith("…")
    assert len(outbox[0][1]) < 140
    assert outbox[1][1] == "【工会】自己的短信"
    assert Notification.objects.get(key="long").body == "很长" * 100, "the inbox keeps the whole text"


def test_a_gateway_failure_never_breaks_the_caller(settings, django_capture_on_commit_callbacks, caplog):
    settings.SMS_BACKEND = "gonghui.notifications.tests.kit.Broken"
    user = worker("13744445555")
    with caplog.at_level(logging.WARNING, logger="gonghui.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            row = _notify(user)
    assert row is not None
    assert Notification.objects.filter(pk=row.pk).exists()
    assert "13744445555" not in caplog.text
    assert "137****5555" in caplog.text
    assert "内容" not in caplog.text, "the log carries no text"


def test_unknown_category_is_a_programming_error():
    with pytest.raises(UnknownCategory):
        _notify(worker(), category="no.such")


def test_texts_are_rendered_in_the_platform_language():
    from django.utils.translation import gettext as _

    with translation.override("en"), platform_language():
        assert translation.get_language() == "zh-hans"
        assert _("消息") == "消息"
