"""A finance twist on :func:`gonghui.console.actions.attempt`: a refusal shown as the page's error message, worded by
the page (prefixed with the period or the statement row it concerns) instead of as the service's bare text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from gonghui.console.actions import Attempt, attempt, error_text

T = TypeVar("T")


def attempt_worded(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    word: Callable[[str], str],
    success: str | Callable[[T], str] | None = None,
) -> Attempt[T]:
    """Run ``call`` through :func:`attempt`; on refusal the page's error message is ``word(the refusal's text)``."""
    collector = forms.Form(data={})  # an empty bound form that only collects the refusal; it is never rendered
    collector.full_clean()
    outcome = attempt(request, call, form=collector, success=success)
    if outcome.error is not None:
        messages.error(request, word(error_text(outcome.error)))
    return outcome
