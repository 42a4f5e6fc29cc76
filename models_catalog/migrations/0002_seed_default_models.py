from django.db import migrations

# Seeded once; operators manage the catalogue in the admin afterwards.
DEFAULT_MODELS = [
    ("gemini-2.5-flash", "gemini", "text", "Google's fast multimodal model: prompts, the wizard, workflows."),
    ("imagen-3.0-generate-002", "gemini", "image", "Google's image generation model."),
]


def seed(apps, schema_editor):
    AIModel = apps.get_model("models_catalog", "AIModel")
    for name, provider, kind, description in DEFAULT_MODELS:
        AIModel.objects.get_or_create(
            name=name, defaults={"provider": provider, "kind": kind, "description": description}
        )


def unseed(apps, schema_editor):
    AIModel = apps.get_model("models_catalog", "AIModel")
    AIModel.objects.filter(name__in=[m[0] for m in DEFAULT_MODELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("models_catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
