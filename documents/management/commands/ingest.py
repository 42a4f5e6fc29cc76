"""`manage.py ingest PATH... --owner EMAIL`: upload files or directories for a user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from core.exceptions import ApplicationError
from documents.models import Document
from documents.services import document_upload, document_vectorize


class Command(BaseCommand):
    help = "Upload files (or every file under directories) as documents of one user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files or directories.")
        parser.add_argument("--owner", required=True, help="The owner's email address.")
        parser.add_argument(
            "--sync",
            action="store_true",
            help="Vectorize in this process instead of queueing a job per file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            owner = user_model.objects.get(email__iexact=options["owner"])
        except user_model.DoesNotExist:
            raise CommandError(f"No user with the email {options['owner']!r}.") from None
        files = sorted(
            {
                candidate
                for path in options["paths"]
                for candidate in ([path] if path.is_file() else path.rglob("*"))
                if candidate.is_file()
            }
        )
        if not files:
            raise CommandError("No files found under the given paths.")
        created = existing = rejected = failed = 0
        with tqdm(total=len(files), unit="file", disable=options["verbosity"] == 0) as bar:
            for path in files:
                bar.set_postfix_str(path.name[:30])
                try:
                    with path.open("rb") as handle:
                        django_file = File(handle, name=path.name)
                        outcome = document_upload(
                            owner=owner,
                            file=django_file,  # type: ignore[arg-type]
                            enqueue=not options["sync"],
                        )
                except ApplicationError as exc:
                    rejected += 1
                    bar.write(f"rejected {path}: {exc.message_text}")
                    bar.update(1)
                    continue
                if outcome.created:
                    created += 1
                else:
                    existing += 1
                if options["sync"] and outcome.created:
                    status = document_vectorize(document_id=outcome.document.pk)
                    if status == Document.Status.FAILED:
                        failed += 1
                        outcome.document.refresh_from_db()
                        bar.write(f"failed {path}: {outcome.document.error}")
                bar.update(1)
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} uploaded, {existing} already there, {rejected} rejected"
                + (f", {failed} failed" if options["sync"] else " (vectorizing in the background)")
            )
        )
