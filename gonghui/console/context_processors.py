from typing import Any

from django.http import HttpRequest


def console_nav(request: HttpRequest) -> dict[str, Any]:
    return {}
