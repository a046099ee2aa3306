-- naskah migration 0010_archive_fulltext (sqlite), hand-written (Prisma's schema has no full-text
-- search): the words of every issued document's subject in an FTS5 table, kept by triggers, so that
-- archive search by words goes through the full-text index (src/archive/search-archive.ts) instead of
-- reading every record. The table holds its own copy of what a search by words needs besides the words
-- — the document's id, region and date (not indexed) — so such a search never visits the records, and
-- it is not an external-content table (the archive's rowids are not stable across VACUUM).
CREATE VIRTUAL TABLE "IssuedDocumentFts" USING fts5("documentId" UNINDEXED, "tentang", "region" UNINDEXED, "date" UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO "IssuedDocumentFts" ("documentId", "tentang", "region", "date") SELECT "documentId", "tentang", "region", "date" FROM "IssuedDocument";

CREATE TRIGGER "IssuedDocument_fts_insert" AFTER INSERT ON "IssuedDocument" BEGIN
  INSERT INTO "IssuedDocumentFts" ("documentId", "tentang", "region", "date") VALUES (new."documentId", new."tentang", new."region", new."date");
END;

-- issued records are not edited nor deleted; should it ever happen the index follows
CREATE TRIGGER "IssuedDocument_fts_update" AFTER UPDATE OF "tentang", "region", "date" ON "IssuedDocument" BEGIN
  DELETE FROM "IssuedDocumentFts" WHERE "documentId" = old."documentId";
  INSERT INTO "IssuedDocumentFts" ("documentId", "tentang", "region", "date") VALUES (new."documentId", new."tentang", new."region", new."date");
END;

CREATE TRIGGER "IssuedDocument_fts_delete" AFTER DELETE ON "IssuedDocument" BEGIN
  DELETE FROM "IssuedDocumentFts" WHERE "documentId" = old."documentId";
END;
