"""The JSON API: ``/api/v1/`` plus the OpenAPI schema and its docs page (assets served locally).

Each app exposes ``gonghui.<app>.api`` with ``routes`` (``[(prefix, viewset, basename), ...]``) and optionally
``urlpatterns`` for plain views. The project's ``config/urls.py`` lists those modules (the one place that names
every app) and passes them to :func:`api_urlpatterns`, which mounts them under ``/api/v1/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter


def api_urlpatterns(modules: Sequence[ModuleType]) -> list[URLPattern | URLResolver]:
    """``v1/`` with every module's routes and plain views, and the schema, Swagger and ReDoc pages."""
    router = DefaultRouter()
    extra: list[Any] = []
    for module in modules:
        for prefix, viewset, basename in getattr(module, "routes", []):
            router.register(prefix, viewset, basename=basename)
        extra.extend(getattr(module, "urlpatterns", []))
    v1 = [*extra, path("", include(router.urls))]
    return [
        path("v1/", include((v1, "api"), namespace="v1")),
        path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
        path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
        path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    ]
