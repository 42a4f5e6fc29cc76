"""ASGI entry point: the whole app, served by uvicorn workers under gunicorn (`manage.py serve`).

Async views (the run event stream) wait on the event loop; sync views run in a thread each, as
Django's ASGI handler does for them.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_asgi_application()

# Imported once Django is set up: the guard reads the body limits from the settings.
from core.asgi import RequestBodyLimitASGI  # noqa: E402

application = RequestBodyLimitASGI(django_application)
