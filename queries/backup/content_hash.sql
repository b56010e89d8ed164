-- Row count and an order-independent content hash of the relation registered as backup_subject
-- (a table or a Parquet file): columns (row_count, content_hash). Each row is written as JSON
-- (column names, quoted text, null distinct from 'NULL') and hashed with md5; the sum of the
-- hashes' low 64 bits does not depend on row order, and duplicate rows each count.
SELECT count(*) AS row_count,
       coalesce(sum(md5_number_lower(CAST(to_json(subject) AS VARCHAR))), 0)::VARCHAR AS content_hash
FROM backup_subject AS subject
