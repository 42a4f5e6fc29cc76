from django.db import migrations

# Django emulates CASCADE in Python; the database itself also cascades, so chunks can never
# outlive their document (raw SQL deletes, other clients).
FORWARD = """
DO $$
DECLARE fk text;
BEGIN
    SELECT conname INTO fk FROM pg_constraint
     WHERE conrelid = 'document_chunks'::regclass AND confrelid = 'documents'::regclass
       AND contype = 'f';
    EXECUTE format('ALTER TABLE document_chunks DROP CONSTRAINT %I', fk);
END $$;
ALTER TABLE document_chunks ADD CONSTRAINT document_chunks_document_id_fk_cascade
    FOREIGN KEY (document_id) REFERENCES documents (id)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
"""
REVERSE = """
ALTER TABLE document_chunks DROP CONSTRAINT document_chunks_document_id_fk_cascade;
ALTER TABLE document_chunks ADD CONSTRAINT document_chunks_document_id_fk_documents_id
    FOREIGN KEY (document_id) REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED;
"""


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_hnsw_index_all_minilm")]

    operations = [migrations.RunSQL(sql=FORWARD, reverse_sql=REVERSE)]
