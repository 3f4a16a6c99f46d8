"""劳模工匠 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.honors.register import api as register

routes: list[tuple[str, Any, str]] = [*register.routes]
urlpatterns: list[Any] = [*register.urlpatterns]
