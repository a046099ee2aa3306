-- naskah migration 0005_region_ids (hand-written, the same for both providers)
-- Region profiles (templates/daerah/<id>.yaml): what officials, users, documents, lists and archive
-- records belong to is a profile id, no longer a display name; the three kinds are written once for
-- every region; numbering scopes are per region. Existing rows are carried over so registers continue.

UPDATE "Official" SET "region" = 'prov-ntt' WHERE "region" = 'Provinsi Nusa Tenggara Timur';
UPDATE "Official" SET "region" = 'kota-bekasi' WHERE "region" = 'Kota Bekasi';
UPDATE "Official" SET "region" = 'kab-kupang' WHERE "region" = 'Kabupaten Kupang';
UPDATE "Document" SET "region" = 'prov-ntt' WHERE "region" = 'Provinsi Nusa Tenggara Timur';
UPDATE "Document" SET "region" = 'kota-bekasi' WHERE "region" = 'Kota Bekasi';
UPDATE "Document" SET "region" = 'kab-kupang' WHERE "region" = 'Kabupaten Kupang';
UPDATE "IssuedDocument" SET "region" = 'prov-ntt' WHERE "region" = 'Provinsi Nusa Tenggara Timur';
UPDATE "IssuedDocument" SET "region" = 'kota-bekasi' WHERE "region" = 'Kota Bekasi';
UPDATE "IssuedDocument" SET "region" = 'kab-kupang' WHERE "region" = 'Kabupaten Kupang';
UPDATE "ParticipantList" SET "region" = 'prov-ntt' WHERE "region" = 'Provinsi Nusa Tenggara Timur';
UPDATE "ParticipantList" SET "region" = 'kota-bekasi' WHERE "region" = 'Kota Bekasi';
UPDATE "ParticipantList" SET "region" = 'kab-kupang' WHERE "region" = 'Kabupaten Kupang';
UPDATE "User" SET "regions" = REPLACE(REPLACE(REPLACE("regions", 'Provinsi Nusa Tenggara Timur', 'prov-ntt'), 'Kota Bekasi', 'kota-bekasi'), 'Kabupaten Kupang', 'kab-kupang');

-- The kinds of one region each became kinds of every region (the region is the document's).
INSERT INTO "DocumentKind" ("id", "family", "title", "numberingPattern", "numberingScope", "region")
  SELECT 'keputusan-kepala-daerah', "family", 'KEPUTUSAN {kepalaDaerah}', "numberingPattern", 'prov-ntt-keputusan', NULL FROM "DocumentKind"
  WHERE "id" = 'keputusan-gubernur-ntt' AND NOT EXISTS (SELECT 1 FROM "DocumentKind" WHERE "id" = 'keputusan-kepala-daerah');
INSERT INTO "DocumentKind" ("id", "family", "title", "numberingPattern", "numberingScope", "region")
  SELECT 'instruksi-kepala-daerah', "family", 'INSTRUKSI {kepalaDaerah}', "numberingPattern", 'kota-bekasi-instruksi', NULL FROM "DocumentKind"
  WHERE "id" = 'instruksi-walikota-bekasi' AND NOT EXISTS (SELECT 1 FROM "DocumentKind" WHERE "id" = 'instruksi-kepala-daerah');
INSERT INTO "DocumentKind" ("id", "family", "title", "numberingPattern", "numberingScope", "region")
  SELECT 'keputusan-peserta-pbpu', "family", 'KEPUTUSAN {kepalaDaerah}', "numberingPattern", 'prov-ntt-keputusan', NULL FROM "DocumentKind"
  WHERE "id" = 'keputusan-peserta-pbpu-ntt' AND NOT EXISTS (SELECT 1 FROM "DocumentKind" WHERE "id" = 'keputusan-peserta-pbpu');
UPDATE "Document" SET "kindId" = 'keputusan-kepala-daerah', "region" = 'prov-ntt' WHERE "kindId" = 'keputusan-gubernur-ntt';
UPDATE "Document" SET "kindId" = 'instruksi-kepala-daerah', "region" = 'kota-bekasi' WHERE "kindId" = 'instruksi-walikota-bekasi';
UPDATE "Document" SET "kindId" = 'keputusan-peserta-pbpu', "region" = 'prov-ntt' WHERE "kindId" = 'keputusan-peserta-pbpu-ntt';
UPDATE "IssuedDocument" SET "kind" = 'keputusan-kepala-daerah' WHERE "kind" = 'keputusan-gubernur-ntt';
UPDATE "IssuedDocument" SET "kind" = 'instruksi-kepala-daerah' WHERE "kind" = 'instruksi-walikota-bekasi';
UPDATE "IssuedDocument" SET "kind" = 'keputusan-peserta-pbpu' WHERE "kind" = 'keputusan-peserta-pbpu-ntt';
DELETE FROM "DocumentKind" WHERE "id" IN ('keputusan-gubernur-ntt', 'instruksi-walikota-bekasi', 'keputusan-peserta-pbpu-ntt');

-- Number registers continue under the region's scope (no number is issued twice in a year).
UPDATE "NumberRegister" SET "scope" = 'prov-ntt-keputusan' WHERE "scope" = 'ntt-keputusan-gubernur';
UPDATE "NumberRegister" SET "scope" = 'kota-bekasi-instruksi' WHERE "scope" = 'bekasi-instruksi-walikota';
UPDATE "ReleasedNumber" SET "scope" = 'prov-ntt-keputusan' WHERE "scope" = 'ntt-keputusan-gubernur';
UPDATE "ReleasedNumber" SET "scope" = 'kota-bekasi-instruksi' WHERE "scope" = 'bekasi-instruksi-walikota';
UPDATE "IssuanceReservation" SET "scope" = 'prov-ntt-keputusan' WHERE "scope" = 'ntt-keputusan-gubernur';
UPDATE "IssuanceReservation" SET "scope" = 'kota-bekasi-instruksi' WHERE "scope" = 'bekasi-instruksi-walikota';
