-- no-transaction
-- CONCURRENTLY keeps posts writable while the index builds; PostgreSQL refuses it
-- inside a transaction, hence the first line. IF NOT EXISTS makes a re-run safe.
CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_author_published
    ON posts (author_id, published_at DESC);
