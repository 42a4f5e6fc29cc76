"""The gunicorn worker class of the web server: uvicorn, running `config.asgi`.

Django has no ASGI lifespan support, so the lifespan protocol is off (instead of probed and
logged as unsupported at every start); the Server header names no software.
"""

from typing import Any, ClassVar

from uvicorn_worker import UvicornWorker


class Worker(UvicornWorker):  # type: ignore[misc]
    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        **UvicornWorker.CONFIG_KWARGS,
        "lifespan": "off",
        "server_header": False,
    }
