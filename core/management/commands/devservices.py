"""``manage.py devservices start|stop|status`` for the embedded PostgreSQL and Redis."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import devservices


class Command(BaseCommand):
    help = "Start, stop or show the embedded development PostgreSQL (pgvector) and Redis."
    # Must work while the database is down, so skip checks that might touch it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            states = devservices.run(options["action"])
        except devservices.DevServiceError as exc:
            raise CommandError(str(exc)) from exc
        for name, state in states.items():
            self.stdout.write(f"{name}: {state}")
