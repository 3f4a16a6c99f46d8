from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.retirees.condolences import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("condolences/", views.condolence_list, name="condolence_list"),
    path("condolences/<int:condolence_id>/", views.condolence_detail, name="condolence_detail"),
]
