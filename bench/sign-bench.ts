/**
 * Signing and verification benchmark on a ~50 MB PDF (classic xref), each against the SHA-256 of the
 * same bytes in the same run: PAdES B-B (signPdf: read the structure, append the incremental update,
 * hash the two byte ranges, RSA-3072 sign, patch /Contents in place), B-T (the same with a signature
 * time stamp from the in-process local TSA), and verifyPdf of the B-T file (structure of every
 * revision, the allow-list, digest, CMS, time stamp, certificate paths). Target: signing ≤ 1.5× the hash.
 * The keys are opened once before timing (opening a PKCS#12 is a per-session cost, not per document).
 *   node bin/run-ts.mjs bench/sign-bench.ts [--mb 50] [--runs 7] [--json]
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { openKeystore } from '../src/sign/keystore.ts';
import { LocalTimestampAuthority } from '../src/sign/local-tsa.ts';
import { signPdf } from '../src/sign/sign-pdf.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';

export interface SignBenchRow {
  readonly group: string;
  readonly case: string;
  readonly n: number;
  readonly seconds?: number;
  readonly peakRssMb?: number;
  readonly note?: string;
  readonly extra?: Record<string, number | string>;
}

/** A PDF of about `mb` megabytes: one page drawing an image XObject whose stream is random bytes. */
export async function bigPdf(mb: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([609.45, 935.43]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Lampiran besar untuk uji tanda tangan', { x: 80, y: 880, size: 12, font });
  const side = Math.floor(Math.sqrt((mb * 1024 * 1024) / 3));
  const image = doc.context.stream(randomBytes(side * side * 3), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: side,
    Height: side,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
  });
  const ref = doc.context.register(image);
  page.node.setXObject(PDFName.of('Big'), ref);
  return doc.save({ useObjectStreams: false });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runSignBench(options: { mb?: number; runs?: number; log?: (line: string) => void } = {}): Promise<SignBenchRow[]> {
  const mb = options.mb ?? 50;
  const runs = options.runs ?? 7;
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-sign-bench-'));
  try {
    const keystore = openKeystore(path.join(dir, 'keys'));
    const clock = new Date('2025-03-24T02:30:00Z');
    keystore.devCa(clock);
    keystore.createOfficialKey({ officialId: 'bench', name: 'Pejabat Uji', jabatan: 'Gubernur' }, 'passphrase-bench', clock);
    const signer = keystore.loadSigner('bench', 'passphrase-bench');
    const pdf = await bigPdf(mb);
    log(`PDF ${(pdf.length / 1e6).toFixed(1)} MB`);
    const tsa = new LocalTimestampAuthority(() => ({ tsa: keystore.devTsa(clock), ca: keystore.devCa(clock) }), () => clock);
    await tsa.timestamp(new Uint8Array(32)); // creates the TSA key once, before timing
    const anchors = keystore.trustAnchors();
    const hashMs: number[] = [];
    const signMs: number[] = [];
    const bufferMs: number[] = [];
    const tsaMs: number[] = [];
    const verifyMs: number[] = [];
    let signedLength = 0;
    const sign = () => signPdf(pdf, { signer, clock, rect: { page: 1, x: 330, y: 100, width: 220, height: 70 }, signerName: 'Pejabat Uji', jabatan: 'Gubernur' });
    const signBt = () => signPdf(pdf, { signer, clock, tsa, rect: { page: 1, x: 330, y: 100, width: 220, height: 70 }, signerName: 'Pejabat Uji', jabatan: 'Gubernur' });
    // Interleaved rounds; the first warms up JIT and the allocator and is not counted.
    for (let i = 0; i < runs + 1; i++) {
      let t = performance.now();
      createHash('sha256').update(pdf).digest();
      const h = performance.now() - t;
      t = performance.now();
      const parts = await sign();
      const s = performance.now() - t;
      t = performance.now();
      const whole = (await sign()).bytes;
      const w = performance.now() - t;
      t = performance.now();
      const bt = await signBt();
      const ts = performance.now() - t;
      const btBytes = bt.bytes;
      t = performance.now();
      const verdict = await verifyPdf(btBytes, { trustAnchors: anchors, validationTime: clock });
      const v = performance.now() - t;
      if (!verdict.valid || verdict.signatures[0]?.level !== 'B-T') throw new TypeError(`bench file did not verify as B-T: ${JSON.stringify(verdict.signatures[0]?.problems)}`);
      signedLength = parts.length;
      if (whole.length !== parts.length) throw new TypeError('signed lengths differ');
      if (i > 0) {
        hashMs.push(h);
        signMs.push(s);
        bufferMs.push(w);
        tsaMs.push(ts);
        verifyMs.push(v);
      }
    }
    const hash = median(hashMs);
    const signed = median(signMs);
    const buffered = median(bufferMs);
    const withTsa = median(tsaMs);
    const verified = median(verifyMs);
    log(`sha256 ${hash.toFixed(1)} ms, signPdf (parts) ${signed.toFixed(1)} ms = ${(signed / hash).toFixed(2)}×, signPdf + one buffer ${buffered.toFixed(1)} ms = ${(buffered / hash).toFixed(2)}×`);
    log(`signPdf B-T (local TSA) ${withTsa.toFixed(1)} ms = ${(withTsa / hash).toFixed(2)}×, verifyPdf ${verified.toFixed(1)} ms = ${(verified / hash).toFixed(2)}×`);
    return [
      { group: 'sign', case: 'sha256 (floor)', n: pdf.length, seconds: hash / 1000, extra: { runs } },
      {
        group: 'sign',
        case: 'signPdf PAdES B-B (input + update parts, no copy)',
        n: pdf.length,
        seconds: signed / 1000,
        note: `${(signed / hash).toFixed(2)}× the hash (target ≤ 1.5×)`,
        extra: { ratio: Number((signed / hash).toFixed(3)), runs, signedBytes: signedLength },
      },
      {
        group: 'sign',
        case: 'signPdf PAdES B-B + joined into one buffer (the one full copy)',
        n: pdf.length,
        seconds: buffered / 1000,
        note: `${(buffered / hash).toFixed(2)}× the hash`,
        extra: { ratio: Number((buffered / hash).toFixed(3)), runs },
      },
      {
        group: 'sign',
        case: 'signPdf PAdES B-T, signature time stamp from the local TSA (parts)',
        n: pdf.length,
        seconds: withTsa / 1000,
        note: `${(withTsa / hash).toFixed(2)}× the hash`,
        extra: { ratio: Number((withTsa / hash).toFixed(3)), runs },
      },
      {
        group: 'sign',
        case: 'verifyPdf of the B-T file (structure, allow-list, digest, CMS, time stamp, paths)',
        n: pdf.length,
        seconds: verified / 1000,
        note: `${(verified / hash).toFixed(2)}× the hash`,
        extra: { ratio: Number((verified / hash).toFixed(3)), runs },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invoked = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const rows = await runSignBench({ mb: arg('--mb') ? Number(arg('--mb')) : undefined, runs: arg('--runs') ? Number(arg('--runs')) : undefined, log: (l) => console.error(l) });
  if (args.includes('--json')) console.log(JSON.stringify(rows));
  else for (const r of rows) console.log(`${r.case}: ${((r.seconds ?? 0) * 1000).toFixed(1)} ms on ${(r.n / 1e6).toFixed(1)} MB ${r.note ?? ''}`);
}
