import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { signPdf } from '../src/sign/sign-pdf.ts';
import { parsePdfDate, verifyPdf } from '../src/verify/verify-pdf.ts';
import { basePdf, GUBERNUR, PASS_GUB, PASS_SEKDA, SEKDA, SIGN_CLOCK, seededRandom, signFixture, tempFile, cleanupSignFixture } from './sign-support.ts';

afterAll(cleanupSignFixture);

let fx: ReturnType<typeof signFixture>;
let signed: Uint8Array;
let ranges: Array<[number, number]>;

beforeAll(async () => {
  fx = signFixture();
  const base = await basePdf(1);
  const first = await signPdf(base, { signer: fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA), clock: SIGN_CLOCK, rect: { page: 1, x: 60, y: 100, width: 200, height: 60 } });
  const second = await signPdf(first.bytes, { signer: fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB), clock: SIGN_CLOCK, rect: { page: 1, x: 330, y: 100, width: 200, height: 60 } });
  signed = second.bytes;
  const [, a, b, c] = second.byteRange;
  ranges = [
    [0, a],
    [b, b + c],
  ];
}, 120_000);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write: (chunk, _e, cb) => (f(String(chunk)), cb()) });
  process.env.NASKAH_DATA_DIR = fx.dir;
  const code = await main(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

describe('verifyPdf', () => {
  it('accepts an intact doubly signed PDF and reports both signers', async () => {
    const r = await verifyPdf(signed, { trustAnchors: fx.keystore.trustAnchors() });
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => [s.fieldName, s.signerName, s.coversWholeFile, s.revisionIsPrefix, s.digestOk, s.signatureOk, s.chainOk, s.essCertHashOk])).toEqual([
      ['Tanda Tangan 1', SEKDA.name, false, true, true, true, true, true],
      ['Tanda Tangan 2', GUBERNUR.name, true, true, true, true, true, true],
    ]);
    expect(r.signatures[1]!.signingTime).toBe(SIGN_CLOCK.toISOString());
    expect(r.signatures[1]!.issuer).toBe('naskah Development CA (BUKAN sertifikat BSrE)');
  });

  it('finds 200 random single-byte flips inside the signed ranges, each one', async () => {
    const random = seededRandom(20250324);
    const total = ranges.reduce((s, [x, y]) => s + (y - x), 0);
    let invalid = 0;
    const missed: number[] = [];
    for (let i = 0; i < 200; i++) {
      let k = Math.floor(random() * total);
      let offset = -1;
      for (const [x, y] of ranges) {
        if (k < y - x) {
          offset = x + k;
          break;
        }
        k -= y - x;
      }
      const copy = new Uint8Array(signed);
      copy[offset] = copy[offset]! ^ (1 + Math.floor(random() * 255));
      // A flip must be judged (valid: false), not crash the verifier.
      const valid = (await verifyPdf(copy, { trustAnchors: fx.keystore.trustAnchors() })).valid;
      if (valid) missed.push(offset);
      else invalid++;
    }
    expect(missed).toEqual([]);
    expect(invalid).toBe(200);
  });

  it('never hangs or crashes on damage anywhere in the file (flips, truncation): it judges', async () => {
    const random = seededRandom(1945);
    for (let i = 0; i < 300; i++) {
      const copy = new Uint8Array(signed);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * copy.length);
        copy[at] = Math.floor(random() * 256);
      }
      const damaged = i % 10 === 0 ? copy.subarray(0, Math.floor(random() * copy.length)) : copy;
      try {
        const r = await verifyPdf(damaged, { trustAnchors: fx.keystore.trustAnchors() });
        if (r.valid) {
          // only possible when every flip hit the unsigned /Contents padding and left the CMS intact
          expect(damaged.length).toBe(signed.length);
        }
      } catch (error) {
        expect((error as { code?: string }).code).toMatch(/^(FILE_UNREADABLE|PDF_UNSUPPORTED)$/);
      }
    }
  }, 120_000);

  it('flags bytes appended after the end', async () => {
    const appended = new Uint8Array([...signed, ...new TextEncoder().encode('% tambahan\n1 0 obj\n<<>>\nendobj\n')]);
    const r = await verifyPdf(appended, { trustAnchors: fx.keystore.trustAnchors() });
    expect(r.valid).toBe(false);
    expect(r.signatures[1]!.coversWholeFile).toBe(false);
    expect(r.problems).toContain('ada data setelah penanda akhir berkas %%EOF terakhir');
  });

  it('is not valid without the CA among the trust anchors', async () => {
    const r = await verifyPdf(signed, { trustAnchors: [] });
    expect(r.valid).toBe(false);
    expect(r.signatures.every((s) => s.digestOk && s.signatureOk && !s.chainOk)).toBe(true);
  });

  it('reports an unsigned PDF as not valid and passes the file hash to the archive hook', async () => {
    const seen: string[] = [];
    const r = await verifyPdf(await basePdf(1), { trustAnchors: fx.keystore.trustAnchors(), archiveLookup: (h) => (seen.push(h), { number: '99/KEP/HK/2025' }) });
    expect(r.valid).toBe(false);
    expect(r.problems).toContain('dokumen tidak memiliki tanda tangan elektronik');
    expect(seen).toEqual([r.sha256]);
    expect(r.archive).toEqual({ number: '99/KEP/HK/2025' });
  });

  it('parses PDF dates with offsets', () => {
    expect(parsePdfDate("D:20250324093000+07'00'")).toBe('2025-03-24T02:30:00.000Z');
    expect(parsePdfDate('D:20250324023000Z')).toBe('2025-03-24T02:30:00.000Z');
    expect(parsePdfDate('kemarin')).toBeUndefined();
  });
});

describe('naskah verify', () => {
  it('exits 0 with an Indonesian summary for a valid file and prints JSON with --json', async () => {
    const file = tempFile('verify-ok.pdf', signed);
    const text = await cli(['verify', file]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Hasil: SAH');
    expect(text.out).toContain(`Penanda tangan : ${GUBERNUR.name}`);
    expect(text.out).toContain('BUKAN sertifikat elektronik tersertifikasi (BSrE/PSrE)');
    const json = await cli(['verify', file, '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as { valid: boolean; signatures: Array<{ signerName: string }> };
    expect(parsed.valid).toBe(true);
    expect(parsed.signatures.map((s) => s.signerName)).toEqual([SEKDA.name, GUBERNUR.name]);
  });

  it('exits 1 for flipped bytes', async () => {
    const random = seededRandom(7);
    for (let i = 0; i < 3; i++) {
      const [x, y] = ranges[i % 2]!;
      const offset = x + Math.floor(random() * (y - x));
      const copy = new Uint8Array(signed);
      copy[offset] = copy[offset]! ^ 0x20;
      const r = await cli(['verify', tempFile(`flip-${i}.pdf`, copy)]);
      expect(r.code, `flip at ${offset}`).toBe(1);
      expect(r.out).toContain('TIDAK SAH');
    }
  });

  it('exits 2 for a missing file or a file that is not a PDF, and takes extra CAs with --ca', async () => {
    expect((await cli(['verify', '/tidak/ada.pdf'])).code).toBe(2);
    expect((await cli(['verify', tempFile('bukan.pdf', new TextEncoder().encode('halo'))])).code).toBe(2);
    const withCa = await cli(['verify', tempFile('verify-ca.pdf', signed), '--ca', fx.caFile]);
    expect(withCa.code).toBe(0);
    expect((await cli(['verify', tempFile('verify-ca2.pdf', signed), '--ca', tempFile('bukan-ca.pem', new TextEncoder().encode('x'))])).code).toBe(2);
  });
});
