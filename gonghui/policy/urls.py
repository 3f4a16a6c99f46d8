from django.urls import path  # noqa: F401

app_name = "policy"
urlpatterns: list = []  # type: ignore[type-arg]
