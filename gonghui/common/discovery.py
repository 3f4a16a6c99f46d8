"""Finding the per-app modules that extend the kernel (``permissions``, ``policies``, ``nav``, ``tiles``, ...)."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[ModuleType]:
    """``gonghui.<app>.<name>`` of every installed Gonghui app that has one, in INSTALLED_APPS order."""
    found: list[ModuleType] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return found
