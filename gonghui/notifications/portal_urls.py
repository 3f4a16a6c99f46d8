from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.notifications import portal_views

app_name = "notifications_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("messages/", portal_views.inbox, name="inbox"),
    path("messages/<int:pk>/", portal_views.message, name="message"),
    path("messages/read-all/", portal_views.read_all, name="read_all"),
    path("messages/settings/", portal_views.settings_view, name="settings"),
    path("messages/badge/", portal_views.badge, name="badge"),
]
