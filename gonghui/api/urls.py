"""The JSON API: ``/api/v1/`` plus the OpenAPI schema and its docs page (assets served locally).

Each app exposes ``gonghui.<app>.api`` with ``routes`` (``[(prefix, viewset, basename), ...]``) and
optionally ``urlpatterns`` for plain views; this module mounts them all under ``/api/v1/``.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

API_APPS = ("accounts", "orgs", "authz", "audit", "policy", "workdays", "review", "members", "finance")

router = DefaultRouter()
extra: list[Any] = []
for app in API_APPS:
    try:
        module = importlib.import_module(f"gonghui.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.{app}.api":
            raise
        continue
    for prefix, viewset, basename in getattr(module, "routes", []):
        router.register(prefix, viewset, basename=basename)
    extra.extend(getattr(module, "urlpatterns", []))

v1 = [*extra, path("", include(router.urls))]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
