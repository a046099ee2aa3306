/**
 * Shared fixtures for the signing tests: a temporary keystore with the development CA and two officials
 * (created once per test file, with a fixed clock), base PDFs made with pdf-lib, an NSS database that
 * trusts the dev CA, and a seeded random generator.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createPrng } from '../src/participants/generate-roster.ts';
import { openKeystore, type Keystore } from '../src/sign/keystore.ts';
import { run } from './support/tools.ts';

export const KEY_CLOCK = new Date('2025-01-02T03:00:00Z');
export const SIGN_CLOCK = new Date('2025-03-24T02:30:00Z');

export const GUBERNUR = { officialId: 'gubernur-ntt', name: 'Melkiades Laka Lena', jabatan: 'Gubernur Nusa Tenggara Timur', nik: '5371012403800001' };
export const SEKDA = { officialId: 'sekda-ntt', name: 'Kosmas D. Lana', jabatan: 'Sekretaris Daerah' };
export const PASS_GUB = 'passphrase-gubernur';
export const PASS_SEKDA = 'passphrase-sekda';

export interface SignFixture {
  readonly dir: string;
  readonly keystore: Keystore;
  readonly caPem: string;
  readonly caFile: string;
}

let fixture: SignFixture | undefined;

export function signFixture(): SignFixture {
  if (fixture) return fixture;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-sign-'));
  const keystore = openKeystore(path.join(dir, 'keys'));
  keystore.devCa(KEY_CLOCK);
  keystore.createOfficialKey(GUBERNUR, PASS_GUB, KEY_CLOCK);
  keystore.createOfficialKey(SEKDA, PASS_SEKDA, KEY_CLOCK);
  const caPem = forge.pki.certificateToPem(keystore.trustAnchors()[0]!);
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, caPem);
  fixture = { dir, keystore, caPem, caFile };
  return fixture;
}

/** Removes the fixture's temporary folder; test files call it in afterAll. */
export function cleanupSignFixture(): void {
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  fixture = undefined;
}

/** An F4 PDF with `pages` pages of text; classic xref table unless `objectStreams`. */
export async function basePdf(pages = 2, objectStreams = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([609.45, 935.43]);
    page.drawText(`KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR - halaman ${i}`, { x: 85, y: 870, size: 12, font });
    page.drawText('Ditetapkan di Kupang pada tanggal 24 Maret 2025', { x: 300, y: 300, size: 12, font });
  }
  return doc.save({ useObjectStreams: objectStreams });
}

/** An NSS database in `dir` trusting the dev CA, for pdfsig -nssdir. */
export function nssDbTrustingCa(dir: string, caFile: string): string {
  mkdirSync(dir, { recursive: true });
  const db = `sql:${dir}`;
  const a = run('certutil', ['-N', '-d', db, '--empty-password']);
  if (a.status !== 0) throw new TypeError(`certutil -N failed: ${a.stderr}`);
  const b = run('certutil', ['-A', '-n', 'naskah-dev-ca', '-t', 'CT,C,C', '-i', caFile, '-d', db]);
  if (b.status !== 0) throw new TypeError(`certutil -A failed: ${b.stderr}`);
  return db;
}

/** mulberry32: a small seeded PRNG so failures reproduce (the roster generator's). */
export const seededRandom = createPrng;

export function tempFile(name: string, bytes: Uint8Array): string {
  const file = path.join(signFixture().dir, name);
  writeFileSync(file, bytes);
  return file;
}

/**
 * The RFC 3161 tokens of a signed PDF with the data each covers: a signature's own time stamp covers
 * its signature value, a document time stamp the file's signed ranges. For `openssl ts -verify`.
 */
export async function timestampTokens(pdfBytes: Uint8Array): Promise<Array<{ kind: 'signature' | 'document'; token: Uint8Array; data: Uint8Array }>> {
  const { readPdfStructure } = await import('../src/pdf/pdf-reader.ts');
  const { scanSignatureDictionaries } = await import('../src/pdf/signature-fields.ts');
  const { parseCms } = await import('../src/pki/cms-verify.ts');
  const { readDer } = await import('../src/pki/der.ts');
  const { OID } = await import('../src/pki/oids.ts');
  const out: Array<{ kind: 'signature' | 'document'; token: Uint8Array; data: Uint8Array }> = [];
  const bytes = Buffer.from(pdfBytes);
  for (const s of scanSignatureDictionaries(readPdfStructure(pdfBytes))) {
    const c = (s.dict.get('Contents') as { bytes: Uint8Array }).bytes;
    const br = s.dict.get('ByteRange') as number[];
    const cms = parseCms(c);
    if (cms.contentType === OID.tstInfo) {
      out.push({ kind: 'document', token: c.subarray(0, readDer(c).end), data: Buffer.concat([bytes.subarray(0, br[1]), bytes.subarray(br[2], br[2]! + br[3]!)]) });
    } else {
      const a = cms.unsignedAttributes.find((x) => x.oid === OID.signatureTimeStampToken)?.values[0];
      if (a) out.push({ kind: 'signature', token: a.bytes.subarray(a.start, a.end), data: cms.signature });
    }
  }
  return out;
}
