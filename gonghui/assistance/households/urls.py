"""Console pages of household files, support, annual reviews and statistics (``assistance:`` namespace)."""

from __future__ import annotations

from django.urls import path

from gonghui.assistance.households import views

urlpatterns = [
    path("files/", views.file_list, name="file_list"),
    path("files/export.xlsx", views.file_export, name="file_export"),
    path("files/<int:hardship_file_id>/", views.file_detail, name="file_detail"),
    path("files/<int:hardship_file_id>/act/", views.file_act, name="file_act"),
    path("support/", views.support_list, name="support_list"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:hardship_review_id>/", views.review_detail, name="review_detail"),
    path("stats/", views.hardship_stats, name="hardship_stats"),
    path("stats/export.xlsx", views.hardship_stats_export, name="hardship_stats_export"),
]
