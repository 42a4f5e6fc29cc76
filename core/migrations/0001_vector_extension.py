from django.db import migrations
from pgvector.django import VectorExtension


class Migration(migrations.Migration):
    """pgvector for the document chunks; reversible (drops the extension on `migrate core zero`)."""

    initial = True
    dependencies: list = []
    operations = [VectorExtension()]
