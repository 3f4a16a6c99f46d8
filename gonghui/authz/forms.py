"""Console forms for roles and grants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.authz import registry
from gonghui.authz.models import Role
from gonghui.common.params import IntParamFormField
from gonghui.common.phones import normalize_mobile


def permission_groups(selected: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every declared permission grouped by app, with its Chinese label, sensitivity and whether it is selected.

    ``[{"app": "orgs", "label": "组织", "perms": [{"name", "label", "sensitive", "checked"}, ...]}, ...]``
    """
    from django.apps import apps

    chosen = set(selected)
    groups: dict[str, dict[str, Any]] = {}
    for perm in registry.all_perms():
        app = perm.app_label
        if app not in groups:
            try:
                label: Any = apps.get_app_config(app).verbose_name
            except LookupError:
                label = app
            groups[app] = {"app": app, "label": label, "perms": []}
        groups[app]["perms"].append(
            {"name": str(perm), "label": perm.label, "sensitive": perm.sensitive, "checked": str(perm) in chosen}
        )
    return list(groups.values())


def permission_choices() -> list[tuple[str, str]]:
    return [(str(p), str(p.label)) for p in registry.all_perms()]


class RoleForm(forms.Form):
    code = forms.SlugField(
        label=_("代码"),
        max_length=40,
        help_text=_("英文字母、数字、下划线或短横线，创建后不能修改，如 township_clerk。"),
    )
    name = forms.CharField(label=_("名称"), max_length=40)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)
    permissions = forms.MultipleChoiceField(
        label=_("权限"), required=False, choices=permission_choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, role: Role | None = None, **kwargs: Any) -> None:
        if role is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": role.code,
                "name": role.name,
                "description": role.description,
                "permissions": role.permission_names(),
            }
        super().__init__(*args, **kwargs)
        self.role = role
        if role is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = ""

    def selected_permissions(self) -> list[str]:
        if self.is_bound:
            return [str(v) for v in self.data.getlist("permissions")] if hasattr(self.data, "getlist") else []
        initial = self.initial.get("permissions") or []
        return [str(v) for v in initial]

    def groups(self) -> list[dict[str, Any]]:
        return permission_groups(self.selected_permissions())


class GrantFilterForm(forms.Form):
    unit = IntParamFormField(label=_("组织编号"), required=False)
    role = forms.TypedChoiceField(label=_("角色"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("用户名或姓名"), required=False, max_length=64)
    include_revoked = forms.BooleanField(label=_("含已收回"), required=False)

    def __init__(self, *args: Any, roles: Iterable[Role] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [("", _("全部")), *((str(r.pk), r.display_name) for r in roles)]


class GrantCreateForm(forms.Form):
    """Grant a role to an existing staff account (``mode=existing``) or open a new one (``mode=new``)."""

    MODE_EXISTING = "existing"
    MODE_NEW = "new"

    mode = forms.ChoiceField(
        label=_("授权对象"),
        choices=[(MODE_EXISTING, _("已有工作人员账户")), (MODE_NEW, _("开设新的工作人员账户"))],
        initial=MODE_EXISTING,
        widget=forms.RadioSelect,
    )
    role = forms.TypedChoiceField(label=_("角色"), coerce=int)
    username = forms.CharField(
        label=_("用户名"),
        max_length=64,
        help_text=_("已有账户：输入完整用户名，或在下方搜索本辖区的工作人员。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    password1 = forms.CharField(
        label=_("初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10位，不能全是数字；请当面或通过安全渠道告知本人，首次登录后修改。"),
    )
    password2 = forms.CharField(
        label=_("确认初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, roles: Iterable[Role] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [("", "—"), *((str(r.pk), r.display_name) for r in roles)]

    @property
    def creating_account(self) -> bool:
        mode = self.cleaned_data.get("mode") if hasattr(self, "cleaned_data") else None
        if mode is None:
            mode = self.data.get("mode") if self.is_bound else self.initial.get("mode")
        return mode == self.MODE_NEW

    def clean_phone(self) -> str:
        raw = str(self.cleaned_data.get("phone") or "").strip()
        return normalize_mobile(raw) if raw else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("mode") == self.MODE_NEW:
            if not cleaned.get("name"):
                self.add_error("name", _("请填写姓名。"))
            password = cleaned.get("password1") or ""
            if not password:
                self.add_error("password1", _("请设置初始密码。"))
            elif password != cleaned.get("password2"):
                self.add_error("password2", _("两次输入的密码不一致。"))
            else:
                candidate = User(username=cleaned.get("username") or "", name=cleaned.get("name") or "")
                try:
                    validate_password(password, candidate)
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return cleaned
