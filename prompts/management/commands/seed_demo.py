"""`manage.py seed_demo`: the demo account that `make run` prepares (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create the demo user (DEMO_USER_EMAIL / DEMO_USER_PASSWORD) if it does not exist."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default=settings.DEMO_USER_EMAIL)
        parser.add_argument("--password", default=settings.DEMO_USER_PASSWORD)

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            user = user_model.objects.create_user(
                email=options["email"], password=options["password"]
            )
            self.stdout.write(f"Created the demo user {user.email}.")
        else:
            self.stdout.write(f"The demo user {user.email} exists.")
