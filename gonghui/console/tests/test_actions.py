"""``console.actions.attempt``: a service's refusal on the form (per field or on top) or as the page's message."""

from django import forms
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import RequestFactory

from gonghui.console.actions import attempt, error_text, show_on_form


class NameForm(forms.Form):
    name = forms.CharField()
    password1 = forms.CharField(required=False)


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]  # as MessageMiddleware does
    return request


def _messages(request):
    return [(m.level, str(m)) for m in get_messages(request)]


def _form():
    form = NameForm({"name": "甲", "password1": "x"})
    assert form.is_valid()
    return form


def _refuse(error):
    def call():
        raise error

    return call


def test_success_returns_the_value_and_shows_the_success_message():
    request = _request()
    done = attempt(request, lambda: 42, success="已保存。")
    assert done
    assert done.value == 42
    assert done.error is None
    assert done.message == ""
    assert _messages(request) == [(SUCCESS, "已保存。")]


def test_success_message_may_be_a_function_of_the_result():
    request = _request()
    done = attempt(request, lambda: "工会", success=lambda name: f"已新建“{name}”。")
    assert done
    assert _messages(request) == [(SUCCESS, "已新建“工会”。")]


def test_success_without_a_message_shows_nothing():
    request = _request()
    assert attempt(request, lambda: None)
    assert _messages(request) == []


def test_refusal_on_a_form_goes_to_the_field_it_names():
    request = _request()
    form = _form()
    done = attempt(request, _refuse(ValidationError({"name": "名称已被使用。"})), form=form, success="不应出现")
    assert not done
    assert done.value is None
    assert isinstance(done.error, ValidationError)
    assert form.errors == {"name": ["名称已被使用。"]}
    assert "name" not in form.cleaned_data
    assert _messages(request) == []


def test_refusal_on_a_form_goes_on_top_when_it_names_no_field_or_an_unknown_one():
    form = _form()
    attempt(_request(), _refuse(ValidationError("超出自身权限。")), form=form)
    assert form.non_field_errors() == ["超出自身权限。"]
    assert list(form.errors) == [NON_FIELD_ERRORS]

    form = _form()
    attempt(_request(), _refuse(ValidationError({"unit": "组织已撤销。", NON_FIELD_ERRORS: "不允许。"})), form=form)
    assert form.non_field_errors() == ["组织已撤销。", "不允许。"]


def test_refusal_without_a_form_is_the_page_error_message():
    request = _request()
    done = attempt(request, _refuse(ValidationError(["第一条。", "第二条。"])), success="不应出现")
    assert not done
    assert _messages(request) == [(ERROR, "第一条。 第二条。")]


def test_field_map_renames_service_fields_and_places_an_error_without_field():
    form = _form()
    attempt(
        _request(),
        _refuse(ValidationError({"password": ["密码太短。"]})),
        form=form,
        field_map={"password": "password1"},
    )
    assert form.errors == {"password1": ["密码太短。"]}

    form = _form()
    attempt(_request(), _refuse(ValidationError("验证码不正确。")), form=form, field_map={NON_FIELD_ERRORS: "name"})
    assert form.errors == {"name": ["验证码不正确。"]}


def test_show_false_leaves_the_refusal_to_the_page():
    request = _request()
    form = _form()
    done = attempt(request, _refuse(ValidationError(["不能收回。", "请刷新。"])), form=form, show=False)
    assert not done
    assert done.message == "不能收回。 请刷新。"
    assert form.errors == {}
    assert _messages(request) == []


def test_show_on_form_and_error_text_match_attempt():
    form = _form()
    show_on_form(form, ValidationError({"password": "太短。"}), field_map={"password": "password1"})
    assert form.errors == {"password1": ["太短。"]}
    assert error_text(ValidationError({"a": ["一。"], "b": ["二。"]})) == "一。 二。"


def test_failure_words_the_page_message_around_the_refusal(rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.core.exceptions import ValidationError

    from gonghui.console.actions import attempt

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    def refuse() -> None:
        raise ValidationError("金额不符。")

    done = attempt(request, refuse, failure=lambda reason: f"第 3 行：{reason}")
    assert not done
    assert [str(m) for m in get_messages(request)] == ["第 3 行：金额不符。"]
