"""Console URLs of the praise wall (under the ``honors:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.praise import views

urlpatterns: list[URLPattern] = [
    path("praise/", views.praise_queue, name="praise_queue"),
    path("praise/<int:post_id>/", views.praise_detail, name="praise_detail"),
    path("praise/<int:post_id>/moderate/", views.praise_moderate, name="praise_moderate"),
    path("praise/<int:post_id>/feature/", views.praise_feature, name="praise_feature"),
    path("praise/reports/<int:report_id>/resolve/", views.praise_report_resolve, name="praise_report_resolve"),
]
