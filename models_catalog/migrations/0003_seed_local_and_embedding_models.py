from django.db import migrations

# The models the later issues made routable: the offline defaults and the providers' embedders.
MODELS = [
    ("smollm2-135m-instruct", "local", "text",
     "Low-quality offline model on this server's CPU (SmolLM2-135M-Instruct); the default without a key."),
    ("all-MiniLM-L6-v2", "local", "embedding",
     "Offline sentence embeddings (384 dimensions) for document search; the default."),
    ("gemini-embedding-001", "gemini", "embedding", "Google's embedding model (768 dimensions here)."),
    ("text-embedding-3-small", "openai", "embedding", "OpenAI's small embedding model."),
]


def seed(apps, schema_editor):
    AIModel = apps.get_model("models_catalog", "AIModel")
    for name, provider, kind, description in MODELS:
        AIModel.objects.get_or_create(
            name=name, defaults={"provider": provider, "kind": kind, "description": description}
        )


def unseed(apps, schema_editor):
    AIModel = apps.get_model("models_catalog", "AIModel")
    AIModel.objects.filter(name__in=[m[0] for m in MODELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("models_catalog", "0002_seed_default_models")]
    operations = [migrations.RunPython(seed, unseed)]
