"""One place where a service's ``ValidationError`` becomes what the console shows.

Services refuse with ``django.core.exceptions.ValidationError`` and Chinese messages (the API turns the same errors
into 400/409 answers in ``gonghui.api.exceptions``). A console view runs its service through :func:`attempt`::

    # a form page: the refusal appears on the form (per field where the form has that field)
    done = attempt(request, lambda: services.role_save(actor=request.user, ...), form=form, success=_("已保存。"))
    if done:
        return redirect(...)

    # a button (POST, then back to the page): the refusal appears as the page's error message
    attempt(request, lambda: services.voucher_submit(actor=request.user, voucher=voucher), success=_("已提交。"))
    return redirect(...)

Views never join ``exc.messages`` themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What :func:`attempt` did: true when the service succeeded; ``value`` is what it returned."""

    ok: bool
    value: T | None = None
    error: ValidationError | None = None

    def __bool__(self) -> bool:
        return self.ok


def error_text(error: ValidationError) -> str:
    """Every message of ``error`` as one line (for a page message)."""
    return " ".join(str(m) for m in error.messages)


def show_on_form(form: forms.BaseForm, error: ValidationError, *, field_map: Mapping[str, str] | None = None) -> None:
    """Show ``error`` on ``form``: per field where the form has that field, else on top.

    ``field_map`` renames service field names to form field names (e.g. ``{"password": "password1"}``).
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = (field_map or {}).get(name, name)
            if target == NON_FIELD_ERRORS or target not in form.fields:
                form.add_error(None, errors)
            else:
                form.add_error(target, errors)
        return
    form.add_error(None, error)


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    success: str | Callable[[T], str] | None = None,
    field_map: Mapping[str, str] | None = None,
) -> Attempt[T]:
    """Run ``call`` (one service); on refusal show its messages on ``form``, or as the page's error message.

    On success, ``success`` (a text, or a function of the service's result) becomes the page's success message.
    """
    try:
        value = call()
    except ValidationError as exc:
        if form is not None:
            show_on_form(form, exc, field_map=field_map)
        else:
            messages.error(request, error_text(exc))
        return Attempt(ok=False, error=exc)
    if success is not None:
        messages.success(request, success(value) if callable(success) else success)
    return Attempt(ok=True, value=value)
