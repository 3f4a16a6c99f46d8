"""The project's URLs plus ``/bench/bare/``: the baseline of bench/http_load.py (a Django view doing no work, through
the same middleware stack)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
