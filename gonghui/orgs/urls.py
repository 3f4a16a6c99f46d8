from django.urls import path

from gonghui.orgs import views

app_name = "orgs"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/children/new/", views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/move/", views.unit_move, name="unit_move"),
    path("units/<int:unit_id>/merge/", views.unit_merge, name="unit_merge"),
    path("units/<int:unit_id>/dissolve/", views.unit_dissolve, name="unit_dissolve"),
    path("units/<int:unit_id>/employers/new/", views.employer_create, name="employer_create"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:employer_id>/edit/", views.employer_edit, name="employer_edit"),
]
