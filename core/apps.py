from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel; it imports no domain app."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.logging import install_request_id_record_factory, wire_celery_task_ids

        install_request_id_record_factory()
        wire_celery_task_ids()
