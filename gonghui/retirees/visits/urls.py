from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.retirees.visits import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/<int:retiree_visit_id>/", views.visit_detail, name="visit_detail"),
]
