"""The Celery application; tasks live in each app's `tasks.py`."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sfl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _install_worker_steps() -> None:
    from core.worker import HeartbeatStep

    app.steps["worker"].add(HeartbeatStep)


_install_worker_steps()
