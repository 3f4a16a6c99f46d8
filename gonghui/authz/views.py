"""Console pages for roles and grants: thin, over ``authz.selectors`` / ``authz.services`` and ``accounts.services``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.accounts.permissions import REVEAL_PHONE
from gonghui.accounts.services import phone_reveal, staff_create
from gonghui.authz import access, registry, selectors, services
from gonghui.authz.forms import GrantCreateForm, GrantFilterForm, RoleForm, permission_groups
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.permissions import GRANT_ROLES, MANAGE_ROLES, VIEW_ROLES
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_phone
from gonghui.common.params import next_url
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.selectors import unit_ancestors_visible, unit_get

GRANT_SORTS = {
    "unit": "unit__path",
    "-unit": "-unit__path",
    "user": "user__username",
    "-user": "-user__username",
    "granted": "granted_at",
    "-granted": "-granted_at",
}
FORM_METHODS = ["GET", "POST"]


def _safe_next(request: HttpRequest, fallback: str) -> str:
    return next_url(request, fallback)


# --- roles ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleRow:
    role: Role
    groups: list[dict[str, Any]]
    unknown: list[str]


def _role_rows(roles: list[Role]) -> list[RoleRow]:
    rows = []
    for role in roles:
        names = role.permission_names()
        groups = [{**group, "perms": [p for p in group["perms"] if p["checked"]]} for group in permission_groups(names)]
        rows.append(
            RoleRow(
                role=role,
                groups=[g for g in groups if g["perms"]],
                unknown=[n for n in names if not registry.is_declared(n)],
            )
        )
    return rows


@staff_required
@require_GET
def role_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access.require_anywhere(actor, VIEW_ROLES)
    roles = list(selectors.role_list(actor=actor))
    return render(
        request,
        "authz/role_list.html",
        {"rows": _role_rows(roles), "can_manage": access.check_at_root(actor, MANAGE_ROLES)},
    )


def _role_form_page(request: HttpRequest, role: Role | None) -> HttpResponse:
    actor = request.user
    form = RoleForm(request.POST or None, role=role)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: services.role_save(
                actor=actor,
                role=role,
                code=role.code if role is not None else data["code"],
                name=data["name"],
                description=data["description"],
                permissions=data["permissions"],
            ),
            form=form,
            success=lambda saved: _("已保存角色“%(name)s”。") % {"name": saved.name},
        ):
            return redirect("authz:role_list")
    return render(request, "authz/role_form.html", {"form": form, "role": role, "groups": form.groups()})


@staff_required
@require_http_methods(FORM_METHODS)
def role_create(request: HttpRequest) -> HttpResponse:
    access.require_at_root(request.user, MANAGE_ROLES)
    return _role_form_page(request, None)


@staff_required
@require_http_methods(FORM_METHODS)
def role_edit(request: HttpRequest, role_id: int) -> HttpResponse:
    role = selectors.role_get(actor=request.user, role_id=role_id)
    access.require_at_root(request.user, MANAGE_ROLES)
    return _role_form_page(request, role)


# --- grants ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantRow:
    grant: RoleGrant
    phone: str
    can_reveal: bool
    can_revoke: bool


def _grant_rows(actor: access.Actor, grants: Any) -> list[GrantRow]:
    return [
        GrantRow(
            grant=g,
            phone=mask_phone(g.user.phone),
            can_reveal=bool(g.user.phone) and access.check(actor, REVEAL_PHONE, g.unit),
            can_revoke=g.revoked_at is None and access.check(actor, GRANT_ROLES, g.unit),
        )
        for g in grants
    ]


@staff_required
@require_GET
def grant_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access.require_anywhere(actor, VIEW_ROLES)
    roles = list(selectors.role_list(actor=actor))
    form = GrantFilterForm(request.GET or None, roles=roles)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    within: OrgUnit | None = None
    if filters.get("unit"):
        within = unit_get(actor=actor, unit_id=filters["unit"], perm=VIEW_ROLES)
    qs = selectors.grant_list(
        actor=actor,
        within_path=within.path if within is not None else "",
        role_id=filters.get("role"),
        user_query=filters.get("q") or "",
        include_revoked=bool(filters.get("include_revoked")),
    )
    listing = paginate(request, qs, sorts=GRANT_SORTS, default_sort="unit")
    return render(
        request,
        "authz/grant_list.html",
        {
            "form": form,
            "listing": listing,
            "rows": _grant_rows(actor, listing.object_list),
            "within": within,
            "can_view_roles": True,
        },
    )


@staff_required
@never_cache
@require_http_methods(FORM_METHODS)
def reveal_phone(request: HttpRequest, user_id: int) -> HttpResponse:
    """POST: the full phone number of a staff user granted in the actor's scope, as an htmx fragment (audited).

    ``?unit=`` names the unit whose permission applies (the grant's unit); by default the user's highest grant
    in the actor's scope. Users outside the actor's scope are 404; GET is answered 405 after the scope check.
    """
    actor = request.user
    named = unit_get(actor=actor, unit_id=request.GET["unit"]) if request.GET.get("unit") else None
    user, grant = selectors.staff_user_in_scope(
        actor=actor, user_id=user_id, within_path=named.path if named is not None else ""
    )
    unit = named if named is not None else grant.unit
    if request.method != "POST":
        access.require(actor, REVEAL_PHONE, unit)
        return HttpResponseNotAllowed(["POST"])
    phone = phone_reveal(actor=actor, user=user, unit=unit)
    return render(request, "authz/_phone.html", {"phone": phone, "user": user})


@staff_required
@require_GET
def user_search(request: HttpRequest) -> HttpResponse:
    """htmx fragment: staff in the actor's scope matching ``q`` (at most 20), as radio buttons named ``username``."""
    actor = request.user
    access.require_anywhere(actor, GRANT_ROLES)
    q = request.GET.get("q", "")[:64]
    return render(
        request,
        "authz/_user_search_results.html",
        {"users": selectors.staff_user_search(actor=actor, q=q), "q": q, "selected": ""},
    )


@sensitive_post_parameters("password1", "password2")
@staff_required
@require_http_methods(FORM_METHODS)
def grant_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request.user
    unit = unit_get(actor=actor, unit_id=unit_id)
    access.require(actor, GRANT_ROLES, unit)
    roles = list(selectors.role_list(actor=actor))
    mode = request.GET.get("mode") if request.GET.get("mode") in ("existing", "new") else "existing"
    form = GrantCreateForm(request.POST or None, roles=roles, initial={"mode": mode})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = next((r for r in roles if r.pk == data["role"]), None)
        if role is None:
            form.add_error("role", _("请选择角色。"))
        elif data["mode"] == GrantCreateForm.MODE_NEW:
            if attempt(
                request,
                lambda: staff_create(
                    actor=actor,
                    username=data["username"],
                    name=data["name"],
                    password=data["password1"],
                    phone=data["phone"],
                    unit=unit,
                    role=role,
                ),
                form=form,
                field_map={"password": "password1"},
                success=lambda user: (
                    _("已开设账户“%(user)s”并授予“%(role)s”。") % {"user": user.username, "role": role.display_name}
                ),
            ):
                return redirect("orgs:unit_detail", unit_id=unit.pk)
        else:
            account = selectors.staff_account_get(actor=actor, username=data["username"])
            if account is None:
                form.add_error("username", _("没有这个工作人员账户（请输入完整用户名，或开设新账户）。"))
            elif attempt(
                request,
                lambda: services.grant_create(actor=actor, user=account, role=role, unit=unit),
                form=form,
                success=_("已授予“%(user)s”角色“%(role)s”。") % {"user": account, "role": role.display_name},
            ):
                return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "authz/grant_form.html",
        {
            "form": form,
            "unit": unit,
            "mode": form.data.get("mode", mode) if form.is_bound else mode,
            "crumbs": unit_ancestors_visible(actor=actor, unit=unit),
            "held": sorted(access.perms_at(actor, unit)),
        },
    )


@staff_required
@require_http_methods(FORM_METHODS)
def grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    actor = request.user
    grant = selectors.grant_get(actor=actor, grant_id=grant_id)
    access.require(actor, GRANT_ROLES, grant.unit)
    back = _safe_next(request, reverse("authz:grant_list"))
    error = ""
    if request.method == "POST":
        done = attempt(
            request,
            lambda: services.grant_revoke(actor=actor, grant=grant),
            show=False,
            success=_("已收回“%(user)s”在“%(unit)s”的角色“%(role)s”。")
            % {"user": grant.user, "unit": grant.unit.name, "role": grant.role.display_name},
        )
        if done:
            return redirect(back)
        error = done.message
    return render(
        request,
        "authz/grant_revoke.html",
        {"grant": grant, "phone": mask_phone(grant.user.phone), "next": back, "error": error},
    )
