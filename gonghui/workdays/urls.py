from django.urls import path  # noqa: F401

app_name = "workdays"
urlpatterns: list = []  # type: ignore[type-arg]
