from django.urls import path

from gonghui.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit"),
    path("units/<int:unit_id>/keys/<str:key>/", views.key_detail, name="key"),
    path("units/<int:unit_id>/keys/<str:key>/new/", views.record_create, name="record_create"),
]
