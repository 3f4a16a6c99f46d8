from django.urls import path  # noqa: F401

app_name = "orgs"
urlpatterns: list = []  # type: ignore[type-arg]
