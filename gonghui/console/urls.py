from django.urls import path  # noqa: F401

app_name = "console"
urlpatterns: list = []  # type: ignore[type-arg]
