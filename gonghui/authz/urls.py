from django.urls import path  # noqa: F401

app_name = "authz"
urlpatterns: list = []  # type: ignore[type-arg]
