/**
 * `naskah demo` end to end, and every PDF it signs checked the way an outside party would: pdfsig with
 * the development CA trusted through an NSS database, openssl cms -verify over the signed bytes,
 * qpdf --check; our own structural checks of the CMS (exactly three signed attributes, the ESS hash,
 * no signing-time, /M present); and tampering — random single-byte flips inside the signed ranges and
 * bytes appended — caught by `naskah verify` (exit 1).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.ts';
import { parseCms } from '../src/pki/cms-verify.ts';
import { derChildren, derContent } from '../src/pki/der.ts';
import { OID as CMS_OID } from '../src/pki/oids.ts';
import { openKeystore } from '../src/sign/keystore.ts';
import { nssDbTrustingCa, seededRandom, timestampTokens } from './sign-support.ts';
import { requireTools, run } from './support/tools.ts';

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { stdout, stderr });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

/** The last (PAdES) signature's ByteRange and CMS bytes; document time stamps after it are skipped. */
function lastSignature(pdf: Buffer): { byteRange: number[]; cms: Buffer; signed: Buffer } {
  const text = pdf.toString('latin1');
  let at = text.lastIndexOf('/ByteRange');
  while (at > 0 && !text.slice(Math.max(0, at - 600), at).includes('/SubFilter /ETSI.CAdES.detached')) at = text.lastIndexOf('/ByteRange', at - 1);
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at));
  if (!m) throw new Error('no ByteRange');
  const br = m.slice(1).map(Number);
  const hex = text.slice(br[0]! + br[1]! + 1, br[2]! - 1);
  const cmsHex = hex.replace(/(00)+$/, '');
  const cms = Buffer.from(cmsHex.length % 2 ? `${cmsHex}0` : cmsHex, 'hex');
  const signed = Buffer.concat([pdf.subarray(br[0]!, br[0]! + br[1]!), pdf.subarray(br[2]!, br[2]! + br[3]!)]);
  return { byteRange: br, cms, signed };
}

describe('naskah demo and its signed PDFs', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'naskah-demo-test-'));
  const dataDir = path.join(out, 'data');
  let pdfs: string[] = [];
  let caFile = '';

  beforeAll(async () => {
    const r = await cli(['demo', '--out', out, '--quiet', '--participants', '120']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    pdfs = [...r.out.matchAll(/^\s+(\S+\.pdf)\s+\(nomor/gm)].map((m) => m[1]!);
    const ca = openKeystore(path.join(dataDir, 'keys')).trustAnchors()[0]!;
    caFile = path.join(out, 'ca.pem');
    writeFileSync(caFile, forge.pki.certificateToPem(ca));
  }, 600_000);
  afterAll(() => undefined);

  test('signs the NTT decree, the Bekasi instruction and the participant decree with their numbers', () => {
    expect(pdfs.map((p) => path.basename(p))).toEqual([
      expect.stringMatching(/^keputusan-gubernur-ntt-1_KEP_HK_\d{4}\.pdf$/),
      expect.stringMatching(/^instruksi-walikota-bekasi-440_1_SETDA\.Ks\.pdf$/),
      expect.stringMatching(/^keputusan-peserta-pbpu-ntt-2_KEP_HK_\d{4}\.pdf$/),
    ]);
  });

  test('the Bekasi instruction carries its lampiran: TKK and 4 % / 1 % contributions per Perangkat Daerah', () => {
    if (!requireTools('Bekasi lampiran text', 'pdftotext')) return;
    const layout = run('pdftotext', ['-layout', pdfs[1]!, '-']).stdout;
    const text = layout.replace(/\s+/g, ' ');
    expect(text).toContain('REKAPITULASI TENAGA KONTRAK KERJA DAN IURAN JAMINAN KESEHATAN PER PERANGKAT DAERAH');
    expect(text).toContain('LAMPIRAN INSTRUKSI WALI KOTA BEKASI');
    // the JUMLAH row: TKK count, wage base, 4 %, 1 % and total, and 4 % + 1 % = total
    const total = /JUMLAH\s+(\d+)\s+Rp([\d.]+)\s+Rp([\d.]+)\s+Rp([\d.]+)\s+Rp([\d.]+)/.exec(layout);
    expect(total).not.toBeNull();
    const [base, employer, worker, sum] = total!.slice(2).map((v) => Number(v.replace(/\./g, '')));
    expect(employer! + worker!).toBe(sum);
    expect(Math.abs(employer! - base! * 0.04)).toBeLessThanOrEqual(Number(total![1]));
  });

  test('pdfsig: signature valid and the total document signed, with the dev CA trusted', () => {
    if (!requireTools('pdfsig with NSS', 'pdfsig', 'certutil')) return;
    const nss = nssDbTrustingCa(path.join(out, 'nss'), caFile);
    for (const pdf of pdfs) {
      const r = run('pdfsig', ['-nssdir', nss, pdf]);
      expect(r.stdout, pdf).toContain('Signature Validation: Signature is Valid.');
      expect(r.stdout, pdf).toContain('Certificate Validation: Certificate is Trusted.');
      expect(r.stdout, pdf).toContain('Total document signed');
    }
  });

  test('openssl cms -verify accepts the extracted CMS over the signed bytes; qpdf --check is clean', () => {
    if (!requireTools('openssl and qpdf', 'openssl', 'qpdf')) return;
    for (const pdf of pdfs) {
      const { cms, signed } = lastSignature(readFileSync(pdf));
      const cmsFile = path.join(out, `${path.basename(pdf)}.p7s`);
      const signedFile = path.join(out, `${path.basename(pdf)}.signed`);
      writeFileSync(cmsFile, cms);
      writeFileSync(signedFile, signed);
      const r = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cmsFile, '-content', signedFile, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null']);
      expect(r.stderr, pdf).toContain('Verification successful');
      const q = run('qpdf', ['--check', pdf]);
      expect(q.status, `${pdf}: ${q.stdout}${q.stderr}`).toBe(0);
      expect(q.stdout).toContain('No syntax or stream encoding errors found');
    }
  });

  test('the CMS has exactly content-type, message-digest and signing-certificate-v2; ESS hash = sha256(cert); /M present', () => {
    for (const pdf of pdfs) {
      const bytes = readFileSync(pdf);
      const { cms, signed } = lastSignature(bytes);
      const parsed = parseCms(cms);
      expect(parsed.attributes.map((a) => a.oid).sort()).toEqual([CMS_OID.contentType, CMS_OID.messageDigest, CMS_OID.signingCertificateV2].sort());
      const md = parsed.attributes.find((a) => a.oid === CMS_OID.messageDigest)!;
      expect(Buffer.from(derContent(md.values[0]!)).toString('hex')).toBe(createHash('sha256').update(signed).digest('hex'));
      const ess = parsed.attributes.find((a) => a.oid === CMS_OID.signingCertificateV2)!;
      const certHash = derChildren(derChildren(derChildren(ess.values[0]!)[0]!)[0]!)[0]!;
      expect(Buffer.from(derContent(certHash)).toString('hex')).toBe(createHash('sha256').update(parsed.signerCertificate!.raw).digest('hex'));
      const text = bytes.toString('latin1');
      const br = text.lastIndexOf('/SubFilter /ETSI.CAdES.detached');
      expect(text.slice(br, br + 200)).toMatch(/\/M\s*\(D:\d{14}\+0[789]'00'\)/); // the signer's local time: WIB, WITA or WIT
      expect(text).toContain('/SubFilter /ETSI.CAdES.detached');
    }
  });

  test('naskah verify: valid and archived; 200 random byte flips inside the signed ranges and appended bytes each fail with exit 1', async () => {
    const env = { NASKAH_DATA_DIR: dataDir };
    const pdf = pdfs[1]!; // the Bekasi instruction: small, fast to verify many times
    const ok = await cli(['verify', pdf], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Arsip: terdaftar, nomor 440/1/SETDA.Ks');

    const { verifyPdf } = await import('../src/verify/verify-pdf.ts');
    const anchors = openKeystore(path.join(dataDir, 'keys')).trustAnchors();
    const original = readFileSync(pdf);
    const { byteRange } = lastSignature(original);
    const random = seededRandom(20251124);
    const inSigned = (): number => {
      const total = byteRange[1]! + byteRange[3]!;
      const k = Math.floor(random() * total);
      return k < byteRange[1]! ? k : byteRange[2]! + (k - byteRange[1]!);
    };
    let caught = 0;
    for (let i = 0; i < 200; i++) {
      const copy = Buffer.from(original);
      const at = inSigned();
      copy[at] = copy[at]! ^ (1 + Math.floor(random() * 255));
      const result = await verifyPdf(new Uint8Array(copy), { trustAnchors: anchors }).catch(() => ({ valid: false }));
      if (!result.valid) caught++;
    }
    expect(caught).toBe(200);
    // a few through the CLI, as a user would
    for (const [i, mutate] of [
      (b: Buffer) => Buffer.concat([b, Buffer.from('\n%tambahan\n')]),
      (b: Buffer) => {
        const c = Buffer.from(b);
        c[200] = c[200]! ^ 0x20;
        return c;
      },
    ].entries()) {
      const file = path.join(out, `tampered-${i}.pdf`);
      writeFileSync(file, mutate(original));
      const r = await cli(['verify', file], env);
      expect(r.code, r.out).toBe(1);
    }
  });

  test('each issued PDF reaches B-LTA: openssl ts -verify accepts its time stamps, naskah verify says B-LTA, also with the clock past the signer certificate expiry', async () => {
    const env = { NASKAH_DATA_DIR: dataDir };
    for (const pdf of pdfs) {
      const r = await cli(['verify', pdf, '--json'], env);
      expect(r.code, r.out).toBe(0);
      const report = JSON.parse(r.out) as { signatures: Array<{ kind: string; level?: string; trustedTimeSource?: string }> };
      expect(report.signatures.map((s) => [s.kind, s.level ?? null])).toEqual([
        ['signature', 'B-LTA'],
        ['timestamp', null],
      ]);
      expect(report.signatures[0]!.trustedTimeSource).toBe('stempel waktu tanda tangan');
    }
    const text = await cli(['verify', pdfs[0]!], env);
    expect(text.out).toContain('Level PAdES    : B-LTA');
    // from the PDF alone: the content hash recomputed from the embedded data and manifest, and each of
    // the three paraf of the NTT chain signed exactly that
    expect(text.out).toMatch(/Isi yang diparaf: hash [0-9a-f]{64} dihitung ulang dari data tersemat dan manifesnya/);
    expect(text.out.match(/: memaraf isi ini$/gm)).toHaveLength(3);
    // Past the expiry of every official's certificate (three years): still SAH, still B-LTA.
    const later = new Date(Date.now() + 4 * 365 * 24 * 3600 * 1000).toISOString();
    const past = await cli(['verify', pdfs[0]!, '--at', later, '--json'], env);
    expect(past.code, past.out).toBe(0);
    expect((JSON.parse(past.out) as { signatures: Array<{ level?: string }> }).signatures[0]!.level).toBe('B-LTA');
    if (!requireTools('openssl ts -verify on the demo time stamps', 'openssl')) return;
    const tokens = await timestampTokens(readFileSync(pdfs[0]!));
    expect(tokens.map((t) => t.kind).sort()).toEqual(['document', 'signature']);
    tokens.forEach((t, i) => {
      const dataFile = path.join(out, `demo-ts-${i}.data`);
      const tokenFile = path.join(out, `demo-ts-${i}.tst`);
      writeFileSync(dataFile, t.data);
      writeFileSync(tokenFile, t.token);
      const r = run('openssl', ['ts', '-verify', '-data', dataFile, '-in', tokenFile, '-token_in', '-CAfile', caFile]);
      expect(r.stdout + r.stderr, t.kind).toContain('Verification: OK');
    });
  });

  test('archive extend appends validation data and a new document time stamp; the earlier file still finds its record', async () => {
    const env = { NASKAH_DATA_DIR: dataDir };
    const refused = await cli(['archive', 'extend', '--as', 'walikota.bekasi'], env);
    expect(refused.code).toBe(1);
    const none = await cli(['archive', 'extend', '--as', 'arsiparis', '--within-days', '30'], env);
    expect(none.code, none.err).toBe(0);
    expect(none.out).toContain('0 dari 3 dokumen diperpanjang.');
    const extended = await cli(['archive', 'extend', '--as', 'arsiparis', '--within-days', '100000'], env);
    expect(extended.code, extended.err).toBe(0);
    expect(extended.out).toContain('3 dari 3 dokumen diperpanjang.');
    const found = JSON.parse((await cli(['archive', 'search', '--kind', 'instruksi-kepala-daerah', '--json'], env)).out) as { records: { documentId: string; pdfSha256: string }[] };
    const file = path.join(out, 'diperpanjang.pdf');
    expect((await cli(['archive', 'get', found.records[0]!.documentId, '--out', file], env)).code).toBe(0);
    const before = readFileSync(pdfs[1]!);
    const after = readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    const r = JSON.parse((await cli(['verify', file, '--json'], env)).out) as { valid: boolean; signatures: Array<{ kind: string; level?: string }>; archive?: { number: string } };
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => [s.kind, s.level ?? null])).toEqual([
      ['signature', 'B-LTA'],
      ['timestamp', null],
      ['timestamp', null],
    ]);
    expect(r.archive?.number).toBe('440/1/SETDA.Ks');
    const old = await cli(['verify', pdfs[1]!], env);
    expect(old.out).toContain('Arsip: terdaftar, nomor 440/1/SETDA.Ks');
  });

  test('an admin records a revocation: verify still finds the signature intact and reports DICABUT; an archivist may not', async () => {
    const env = { NASKAH_DATA_DIR: dataDir };
    const pdf = pdfs[0]!;
    const found = JSON.parse((await cli(['archive', 'search', '--kind', 'keputusan-kepala-daerah', '--json'], env)).out) as { records: { documentId: string }[] };
    const documentId = found.records[0]!.documentId;
    const refused = await cli(['archive', 'revoke', documentId, '--as', 'arsiparis', '--reason', 'dicabut dengan Keputusan Gubernur Nomor 5/KEP/HK/2026'], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('bukan admin');
    const revoked = await cli(['archive', 'revoke', documentId, '--as', 'admin', '--reason', 'dicabut dengan Keputusan Gubernur Nomor 5/KEP/HK/2026'], env);
    expect(revoked.code, revoked.err).toBe(0);
    const again = await cli(['archive', 'revoke', documentId, '--as', 'admin', '--reason', 'dicabut lagi'], env);
    expect(again.code).toBe(1);
    const verified = await cli(['verify', pdf], env);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('DICABUT: dicabut dengan Keputusan Gubernur Nomor 5/KEP/HK/2026');
    const listed = JSON.parse((await cli(['archive', 'search', '--kind', 'keputusan-kepala-daerah', '--json'], env)).out) as { records: { status: string }[] };
    expect(listed.records[0]!.status).toBe('dicabut');
  });

  test('archive search finds the participant decree by a participant NIK and the audit chain verifies', async () => {
    const env = { NASKAH_DATA_DIR: dataDir };
    const list = readFileSync(path.join(dataDir, 'daftar', (await import('node:fs')).readdirSync(path.join(dataDir, 'daftar'))[0]!), 'utf8');
    const nik = list.split('\n')[5]!.split(',')[0]!;
    const found = await cli(['archive', 'search', '--nik', nik, '--json'], env);
    expect(found.code).toBe(0);
    const parsed = JSON.parse(found.out) as { total: number; records: { kind: string }[] };
    expect(parsed.total).toBe(1);
    expect(parsed.records[0]!.kind).toBe('keputusan-peserta-pbpu');
    const audit = await cli(['audit', 'verify'], env);
    expect(audit.code).toBe(0);
  });
});
