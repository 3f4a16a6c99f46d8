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

    # a page that shows the refusal in its own place (an htmx fragment, a confirmation page): nothing is shown
    done = attempt(request, lambda: services.grant_revoke(actor=request.user, grant=grant), show=False)
    error = done.message

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

    @property
    def message(self) -> str:
        """The refusal as one line (see :func:`error_text`); empty when the service succeeded."""
        return error_text(self.error) if self.error is not None else ""


def error_text(error: ValidationError) -> str:
    """Every message of ``error`` as one line (for a page message)."""
    return " ".join(str(m) for m in error.messages)


def show_on_form(form: forms.BaseForm, error: ValidationError, *, field_map: Mapping[str, str] | None = None) -> None:
    """Show ``error`` on ``form``: per field where the form has that field, else on top.

    ``field_map`` renames service field names to form field names (e.g. ``{"password": "password1"}``);
    under the key ``NON_FIELD_ERRORS`` it names the form field for an error that names no field (e.g. a wrong
    code: ``{NON_FIELD_ERRORS: "token"}``).
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = (field_map or {}).get(name, name)
            if target == NON_FIELD_ERRORS or target not in form.fields:
                form.add_error(None, errors)
            else:
                form.add_error(target, errors)
        return
    target = (field_map or {}).get(NON_FIELD_ERRORS, NON_FIELD_ERRORS)
    form.add_error(target if target in form.fields else None, error)


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    success: str | Callable[[T], str] | None = None,
    field_map: Mapping[str, str] | None = None,
    show: bool = True,
    failure: Callable[[str], str] | None = None,
) -> Attempt[T]:
    """Run ``call`` (one service); on refusal show its messages on ``form``, or as the page's error message.

    On success, ``success`` (a text, or a function of the service's result) becomes the page's success message.
    ``show=False`` shows no refusal: the page shows ``Attempt.message`` where it belongs. ``failure`` words the
    page's error message around the refusal's text (e.g. naming the row or the period it concerns).
    """
    try:
        value = call()
    except ValidationError as exc:
        if not show:
            pass
        elif form is not None:
            show_on_form(form, exc, field_map=field_map)
        elif failure is not None:
            messages.error(request, failure(error_text(exc)))
        else:
            messages.error(request, error_text(exc))
        return Attempt(ok=False, error=exc)
    if success is not None:
        messages.success(request, success(value) if callable(success) else success)
    return Attempt(ok=True, value=value)
