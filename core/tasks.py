"""Diagnostics for the queue itself (used by ops and the test that proves a real worker runs)."""

from __future__ import annotations

import os
import socket
from typing import Any

from celery import shared_task


@shared_task(name="core.diagnostics_echo")
def diagnostics_echo_task(value: str) -> dict[str, Any]:
    """Return `value` with the pid and host of the worker process that ran it."""
    return {"value": value, "pid": os.getpid(), "hostname": socket.gethostname()}
