"""Short synchronous work (ORM reads, DRF's checks) from async views, off the request's thread.

Django runs a sync call from async code in the request's own thread by default, and that thread
keeps its database connection until the request ends; for a stream open for minutes that is one
connection per open stream. `db_call` runs in the event loop's shared executor instead, and
closes the thread's connection when done, so a waiting stream holds none (and an executor thread
that ends with its loop leaves none open).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import connections

P = ParamSpec("P")
R = TypeVar("R")


def _with_own_connection(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        return function(*args, **kwargs)
    finally:
        connections.close_all()


async def db_call(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`function(*args, **kwargs)` in a shared worker thread, its connection closed after."""
    return await sync_to_async(_with_own_connection, thread_sensitive=False)(
        function, *args, **kwargs
    )
