from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Uploaded documents, their chunks and embeddings, and search over them."""

    name = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.health import register_check
        from documents.embedding import embedder_health_check

        register_check("embedder", embedder_health_check)
