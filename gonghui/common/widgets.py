"""Form widgets every module shares.

:class:`DateInput` is the browser's date field. It renders its value as ``YYYY-MM-DD`` whatever the language:
``<input type="date">`` accepts only that form, and Django's zh-hans date format (``2026/12/06``) would show the
field empty, and a required one would then silently refuse to send its form.
"""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
