"""A sync view that waits until N requests are inside it at once (the ASGI parallelism test)."""

import threading

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path

PARALLEL = 4
# Passed only when PARALLEL requests wait in it together; broken (500) if they run one by one.
BARRIER = threading.Barrier(PARALLEL, timeout=20)


def wait_for_the_others(request: HttpRequest) -> JsonResponse:
    BARRIER.wait()
    return JsonResponse({"thread": threading.get_ident()})


urlpatterns: list[URLPattern] = [path("barrier", wait_for_the_others)]
