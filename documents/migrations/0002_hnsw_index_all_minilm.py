from django.db import migrations

# The embedding column has no fixed dimension (several models coexist), and HNSW needs one: each
# embedding model gets a partial expression index on `embedding::vector(dim)`. Vector search uses
# the same cast and WHERE, so the planner picks this index (docs/decisions/0001-hnsw-over-ivfflat.md).
# A new model (e.g. gemini-embedding-001 at 768-d) gets a migration like this one.
CREATE = """
CREATE INDEX IF NOT EXISTS document_chunks_hnsw_all_minilm_l6_v2
    ON document_chunks
    USING hnsw ((embedding::vector(384)) vector_cosine_ops)
    WITH (m = 16, ef_construction = 64)
    WHERE embedding_model = 'all-MiniLM-L6-v2' AND embedding_dim = 384;
"""
DROP = "DROP INDEX IF EXISTS document_chunks_hnsw_all_minilm_l6_v2;"


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
