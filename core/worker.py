"""A Celery worker bootstep that publishes a heartbeat for `GET /api/health`."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime
from typing import Any

from celery import bootsteps
from django.conf import settings
from django.core.cache import cache

from core.health import WORKER_HEARTBEAT_KEY

logger = logging.getLogger(__name__)


class HeartbeatStep(bootsteps.StartStopStep):
    """Write `worker:heartbeat` every WORKER_HEARTBEAT_SECONDS with a TTL of three beats."""

    requires = ("celery.worker.components:Timer",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.tref: Any = None

    def start(self, parent: Any) -> None:
        interval = settings.WORKER_HEARTBEAT_SECONDS
        self._beat(parent)
        self.tref = parent.timer.call_repeatedly(interval, self._beat, (parent,), priority=10)

    def stop(self, parent: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    def _beat(self, parent: Any) -> None:
        hostname = getattr(parent, "hostname", None) or socket.gethostname()
        try:
            cache.set(
                WORKER_HEARTBEAT_KEY,
                {"hostname": hostname, "at": datetime.now(UTC).isoformat()},
                timeout=settings.WORKER_HEARTBEAT_SECONDS * 3,
            )
        except Exception:
            logger.warning("worker heartbeat not written", exc_info=True)
