"""Log formatting: a request id on every line; JSON lines when LOG_FORMAT=json."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed through `extra=` and is a field.
_RESERVED = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "request_id", "taskName"}
)


def _fields(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}


class RequestIDFilter(logging.Filter):
    """Stamp every record with the id of the request (or task) being handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line with the extra fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        payload.update(_fields(record))
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


class KeyValueFormatter(logging.Formatter):
    """Readable dev lines: `time level logger message key=value ...`."""

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).strftime("%H:%M:%S")
        extras = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        line = (
            f"{ts} {record.levelname:<7} {record.name} [{getattr(record, 'request_id', '-')}] "
            f"{record.getMessage()}"
        )
        if extras:
            line = f"{line} {extras}"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def install_request_id_record_factory() -> None:
    """Stamp the request id when a record is created, so every handler (and caplog) sees it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "_sfl_request_id", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = request_id_var.get() or "-"
        return record

    factory._sfl_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def wire_celery_task_ids() -> None:
    """Inside a Celery task the task id plays the part of the request id."""
    from celery.signals import task_postrun, task_prerun

    def _start(task_id: str | None = None, **_: object) -> None:
        request_id_var.set(task_id)

    def _end(**_: object) -> None:
        request_id_var.set(None)

    task_prerun.connect(_start, weak=False, dispatch_uid="sfl-request-id-start")
    task_postrun.connect(_end, weak=False, dispatch_uid="sfl-request-id-end")
