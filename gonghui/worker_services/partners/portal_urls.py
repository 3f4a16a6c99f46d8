"""Member portal URLs of benefits partners (namespace ``worker_services_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.worker_services.partners import portal_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("services/partners/", portal_views.partners, name="partners"),
    path("services/partners/<int:partner_id>/verify/", portal_views.verify, name="partner_verify"),
]
