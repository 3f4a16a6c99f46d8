from django.urls import path

from gonghui.console import views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.otp_view, name="otp"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("tree/<int:unit_id>/children/", views.tree_children, name="tree_children"),
]
