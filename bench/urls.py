"""The portal's URLs plus one trivial view, the ceiling the real pages are compared with.

It lives here, not in the product: it goes through the same gunicorn worker and
the same middleware as every page, but renders no template and runs no query.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def tetto(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench-ceiling/", tetto, name="bench_tetto"),
    path("", include("portal.urls")),
]
