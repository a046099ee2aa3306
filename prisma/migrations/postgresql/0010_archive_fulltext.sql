-- naskah migration 0010_archive_fulltext (postgresql), hand-written (Prisma's schema has no full-text
-- search): the words of every issued document's subject as a tsvector kept by PostgreSQL itself (a
-- stored generated column, configuration 'simple': lower-cased words, no stemming — there is no
-- Indonesian dictionary), indexed with GIN, so that archive search by words goes through the index
-- (src/archive/search-archive.ts) instead of reading every record. Prisma does not know the column and
-- never writes it.
ALTER TABLE "IssuedDocument" ADD COLUMN "tentangSearch" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "tentang")) STORED;

CREATE INDEX "IssuedDocument_tentangSearch_idx" ON "IssuedDocument" USING GIN ("tentangSearch");
