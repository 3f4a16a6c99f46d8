from django.urls import path

from gonghui.authz import views

app_name = "authz"
urlpatterns = [
    path("roles/", views.role_list, name="role_list"),
    path("roles/new/", views.role_create, name="role_create"),
    path("roles/<int:role_id>/edit/", views.role_edit, name="role_edit"),
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("units/<int:unit_id>/grants/new/", views.grant_create, name="grant_create"),
    path("users/search/", views.user_search, name="user_search"),
    path("users/<int:user_id>/reveal-phone/", views.reveal_phone, name="reveal_phone"),
]
