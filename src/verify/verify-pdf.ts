/**
 * Verifies the PAdES signatures of a PDF. Signatures are found by scanning every revision for signature
 * dictionaries (not only through the AcroForm; one no longer referenced is reported). For each: the
 * ByteRange must span exactly its own /Contents and end a revision of this file; the digest, the CMS
 * signature over the signed attributes, the message-digest and ESS certificate hash; the chain to the
 * trust anchors; and every change made after its revision judged by the allow-list (allowed-changes).
 * Nothing may trail the last %%EOF. Lists embedded files and checks the paraf evidence they carry.
 * Pure over bytes; imports the PDF core, the CMS checks and the allow-list.
 */
import { createHash } from 'node:crypto';
import type forge from 'node-forge';
import { AppError, isAppError } from '../errors/app-error.ts';
import { checkCms, commonName, digestName, parseCms, verifyParafEvidence } from '../sign/cms-verify.ts';
import { decodeStream } from '../pdf/pdf-filters.ts';
import { PdfDict, PdfName, PdfRef, PdfString, nameOf, type PdfValue } from '../pdf/pdf-objects.ts';
import { findStartxref, readPdfStructure, type PdfStructure } from '../pdf/pdf-reader.ts';
import { parsePdfDate as parseDate } from '../pdf/pdf-syntax.ts';
import { changesAfterSignature, revisionEnds, scanSignatureDictionaries, signatureFields } from './allowed-changes.ts';

export interface SignatureReport {
  /** Full field name, or "(tidak dirujuk)" for a signature dictionary no field refers to any more. */
  readonly fieldName: string;
  /** "signature" (/Sig) or "timestamp" (a document timestamp, /DocTimeStamp). */
  readonly kind: 'signature' | 'timestamp';
  /** Object number of the signature dictionary. */
  readonly objectNumber?: number;
  /** 1-based revision the signature covers. */
  readonly revision?: number;
  /** Whether an AcroForm field of the newest revision refers to it. */
  readonly referenced: boolean;
  readonly signerName?: string;
  readonly signerCertSubject?: string;
  readonly issuer?: string;
  /** ISO 8601 from /M, or undefined when absent or unreadable. */
  readonly signingTime?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly byteRange: readonly number[];
  readonly digestOk: boolean;
  readonly signatureOk: boolean;
  readonly chainOk: boolean;
  readonly essCertHashOk: boolean;
  readonly coversWholeFile: boolean;
  readonly revisionIsPrefix: boolean;
  readonly subFilter?: string;
  readonly problems: string[];
  /** Allowed changes after it, and warnings that do not make it invalid. */
  readonly notes: string[];
}

export interface EmbeddedFileReport {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly mimeType?: string;
  readonly bytes: Uint8Array;
}

export interface ParafEvidenceReport {
  readonly file: string;
  readonly officialId?: string;
  readonly signerName?: string;
  readonly valid: boolean;
  readonly problems: string[];
}

export interface VerifyPdfResult<A = unknown> {
  readonly valid: boolean;
  /** SHA-256 of the whole file (the archive's key). */
  readonly sha256: string;
  readonly signatures: SignatureReport[];
  readonly embeddedFiles: EmbeddedFileReport[];
  readonly parafEvidence: ParafEvidenceReport[];
  readonly problems: string[];
  /** What `archiveLookup` returned for the file's SHA-256. */
  readonly archive?: A;
}

export interface VerifyPdfOptions<A = unknown> {
  readonly trustAnchors: readonly forge.pki.Certificate[];
  /** The archive hook: "is it ours, which number, revoked?" by the file's SHA-256 (hex). */
  readonly archiveLookup?: (sha256: string) => A | undefined | Promise<A | undefined>;
}

/** Name of the embedded JSON manifest that lists paraf evidence files and the version hash they cover. */
export const PARAF_MANIFEST_NAME = 'paraf-manifest.json';

const latin1 = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset + s, Math.max(0, e - s)).toString('latin1');

/** "D:20250324093000+07'00'" → ISO 8601. */
export function parsePdfDate(text: string): string | undefined {
  return parseDate(text)?.toISOString();
}

interface FoundSignature {
  readonly fieldName: string;
  readonly sig: PdfDict;
  readonly objectNumber?: number;
  /** Revision (0-based) whose xref defines the dictionary. */
  readonly definedIn?: number;
  readonly referenced: boolean;
}

/** Signatures referenced by fields of the newest revision, and those only found by scanning revisions. */
function findSignatures(pdf: PdfStructure): FoundSignature[] {
  const fields = signatureFields(pdf);
  const out: FoundSignature[] = [];
  const scanned = scanSignatureDictionaries(pdf);
  const byNum = new Map<number, (typeof scanned)[number]>();
  // The newest definition of each number is the one fields see; older ones were overwritten.
  for (const s of scanned) byNum.set(s.num, s);
  for (const [key, fieldName] of fields) {
    if (key instanceof PdfDict) {
      out.push({ fieldName, sig: key, referenced: true });
      continue;
    }
    const found = byNum.get(key);
    const sig = found?.dict ?? pdf.dict(new PdfRef(key, pdf.entry(key)?.gen ?? 0));
    if (sig) out.push({ fieldName, sig, objectNumber: key, definedIn: found?.revision, referenced: true });
  }
  const referenced = new Set(out.map((f) => f.objectNumber));
  for (const s of scanned) {
    if (referenced.has(s.num) && byNum.get(s.num) === s) continue;
    out.push({ fieldName: '(tidak dirujuk)', sig: s.dict, objectNumber: s.num, definedIn: s.revision, referenced: false });
  }
  return out;
}

function embeddedFiles(pdf: PdfStructure): EmbeddedFileReport[] {
  const out: EmbeddedFileReport[] = [];
  const names = pdf.dict(pdf.catalog().get('Names'));
  const seen = new Set<PdfDict>();
  const walk = (node: PdfValue | undefined, depth: number) => {
    const d = pdf.dict(node);
    if (!d || depth > 32 || seen.has(d)) return;
    seen.add(d);
    const arr = pdf.resolve(d.get('Names'));
    if (Array.isArray(arr)) {
      for (let i = 0; i + 1 < arr.length; i += 2) {
        const key = arr[i];
        const spec = pdf.dict(arr[i + 1]);
        const ef = pdf.dict(spec?.get('EF'));
        const fileRef = ef?.get('UF') ?? ef?.get('F');
        if (!(key instanceof PdfString) || !(fileRef instanceof PdfRef)) continue;
        const obj = pdf.object(fileRef);
        if (!obj.stream || !(obj.value instanceof PdfDict)) continue;
        const bytes = decodeStream(obj.value, pdf.bytes.subarray(obj.stream.start, obj.stream.end), pdf.resolve);
        const subtype = obj.value.get('Subtype');
        const uf = spec?.get('UF');
        out.push({
          name: uf instanceof PdfString ? uf.text() : key.text(),
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          mimeType: subtype instanceof PdfName ? subtype.name : undefined,
          bytes,
        });
      }
    }
    const kids = pdf.resolve(d.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
  };
  walk(names?.get('EmbeddedFiles'), 0);
  return out;
}

interface ParafManifest {
  contentHash: string;
  entries: Array<{ file: string; officialId?: string }>;
}

function checkParafEvidence(files: EmbeddedFileReport[], anchors: readonly forge.pki.Certificate[]): { reports: ParafEvidenceReport[]; problems: string[] } {
  const manifestFile = files.find((f) => f.name === PARAF_MANIFEST_NAME);
  if (!manifestFile) return { reports: [], problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(manifestFile.bytes).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const manifest = parsed as Partial<ParafManifest> | undefined;
  if (typeof manifest?.contentHash !== 'string' || !Array.isArray(manifest.entries) || !manifest.entries.every((e) => typeof e?.file === 'string')) {
    return { reports: [], problems: [`${PARAF_MANIFEST_NAME} tidak terbaca (bukan JSON dengan contentHash dan entries[].file)`] };
  }
  const contentHash = manifest.contentHash;
  const reports = manifest.entries.map((entry): ParafEvidenceReport => {
    const file = files.find((f) => f.name === entry.file);
    if (!file) return { file: entry.file, officialId: entry.officialId, valid: false, problems: ['berkas bukti paraf tidak ada di PDF'] };
    const r = verifyParafEvidence(file.bytes, contentHash, anchors);
    return { file: entry.file, officialId: entry.officialId, signerName: r.signerName, valid: r.valid, problems: r.problems };
  });
  return { reports, problems: reports.filter((r) => !r.valid).map((r) => `bukti paraf ${r.file} tidak sah: ${r.problems.join('; ')}`) };
}

function checkSignature(pdf: PdfStructure, found: FoundSignature, anchors: readonly forge.pki.Certificate[], ends: readonly number[]): SignatureReport {
  const { sig, fieldName } = found;
  const bytes = pdf.bytes;
  const problems: string[] = [];
  const notes: string[] = [];
  const text = (k: string) => {
    const v = pdf.resolve(sig.get(k));
    return v instanceof PdfString ? v.text() : undefined;
  };
  const kind = nameOf(sig.get('Type')) === 'DocTimeStamp' ? 'timestamp' : 'signature';
  const subFilter = nameOf(pdf.resolve(sig.get('SubFilter')));
  const mText = text('M');
  const signingTime = mText ? parsePdfDate(mText) : undefined;
  if (!signingTime && kind === 'signature') problems.push('waktu penandatanganan /M tidak ada atau tidak terbaca');
  if (subFilter !== 'ETSI.CAdES.detached' && subFilter !== 'adbe.pkcs7.detached') problems.push(`SubFilter ${subFilter ?? '(tidak ada)'} tidak didukung`);
  if (!found.referenced) problems.push('kamus tanda tangan ini tidak lagi dirujuk field mana pun di AcroForm: fieldnya dihapus atau diganti setelah ditandatangani');
  const brValue = pdf.resolve(sig.get('ByteRange'));
  const br = Array.isArray(brValue) && brValue.length === 4 && brValue.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0) ? (brValue as number[]) : undefined;
  const contents = sig.get('Contents');
  const base = {
    fieldName,
    kind,
    objectNumber: found.objectNumber,
    referenced: found.referenced,
    signingTime,
    reason: text('Reason'),
    location: text('Location'),
    subFilter,
    byteRange: br ?? [],
  } as const;
  const fail = (why: string): SignatureReport => ({
    ...base,
    digestOk: false,
    signatureOk: false,
    chainOk: false,
    essCertHashOk: false,
    coversWholeFile: false,
    revisionIsPrefix: false,
    problems: [...problems, why],
    notes,
  });
  if (!br) return fail('ByteRange tidak sah');
  const [start, a, b, c] = br as [number, number, number, number];
  if (start !== 0 || a >= b || b + c > bytes.length) return fail('ByteRange tidak sah (di luar berkas atau tidak berurutan)');
  if (!(contents instanceof PdfString)) return fail('/Contents tidak ada atau bukan string langsung');
  // The gap must be exactly this dictionary's own /Contents string, as it lies in the file.
  if (!contents.span || contents.span.start !== a || contents.span.end !== b || !contents.hex) return fail('ByteRange tidak tepat mengapit nilai /Contents kamus tanda tangan ini');
  const end = b + c;
  const coversWholeFile = end === bytes.length;
  // The signed part must be a whole revision of this file, and the one that defines this dictionary.
  let revision: number | undefined;
  if (/%%EOF\s*$/.test(latin1(bytes, Math.max(0, end - 64), end))) {
    try {
      const at = findStartxref(bytes, end);
      const r = pdf.revisions.findIndex((x) => x.startxref === at);
      if (r >= 0 && ends[r] !== undefined && Math.abs(ends[r]! - end) <= 2) revision = r;
    } catch {
      revision = undefined;
    }
  }
  const revisionIsPrefix = revision !== undefined;
  if (revision === undefined) problems.push('bagian yang ditandatangani bukan revisi utuh dari berkas ini');
  else {
    if (found.definedIn !== undefined && found.definedIn !== revision) problems.push(`kamus tanda tangan berada di revisi ${found.definedIn + 1}, tetapi yang ditandatangani revisi ${revision + 1}`);
    if (!coversWholeFile) {
      try {
        const label = `${kind === 'timestamp' ? 'stempel waktu dokumen' : 'tanda tangan'} "${fieldName}"`;
        const changes = changesAfterSignature(pdf, revision, label, docMdpLevel(pdf, sig));
        problems.push(...changes.problems);
        notes.push(...changes.notes);
      } catch (error) {
        problems.push(`perubahan setelah tanda tangan "${fieldName}" tidak dapat diperiksa: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  let parsed;
  try {
    parsed = parseCms(contents.bytes);
  } catch (error) {
    return { ...fail(isAppError(error) ? error.message : `CMS tidak terbaca: ${String(error)}`), revision: revision === undefined ? undefined : revision + 1, revisionIsPrefix, coversWholeFile };
  }
  const profile = subFilter === 'ETSI.CAdES.detached' ? 'pades' : 'cms';
  const digest = createHash(digestName(parsed.digestAlgorithm) ?? 'sha256')
    .update(bytes.subarray(0, a))
    .update(bytes.subarray(b, b + c))
    .digest();
  const check = checkCms(parsed, new Uint8Array(digest), anchors, signingTime ? new Date(signingTime) : undefined, profile);
  const cert = check.signerCertificate;
  return {
    ...base,
    revision: revision === undefined ? undefined : revision + 1,
    signerName: check.signerName ?? text('Name'),
    signerCertSubject: cert?.subject.split('\n').join(', '),
    issuer: cert ? (commonName(cert.issuer) ?? cert.issuer.split('\n').join(', ')) : undefined,
    digestOk: check.digestOk,
    signatureOk: check.signatureOk,
    chainOk: check.chainOk,
    essCertHashOk: check.essCertHashOk,
    coversWholeFile,
    revisionIsPrefix,
    problems: [...problems, ...check.problems],
    notes,
  };
}

/** /P of a certification signature (DocMDP transform), or undefined for an approval signature. */
function docMdpLevel(pdf: PdfStructure, sig: PdfDict): number | undefined {
  const refs = pdf.resolve(sig.get('Reference'));
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const d = pdf.dict(r);
    if (nameOf(d?.get('TransformMethod')) !== 'DocMDP') continue;
    const p = pdf.resolve(pdf.dict(d?.get('TransformParams'))?.get('P'));
    return typeof p === 'number' ? p : 2;
  }
  return undefined;
}

/**
 * Verifies every signature of `bytes`. Unreadable PDFs are AppError FILE_UNREADABLE (or
 * PDF_UNSUPPORTED); a readable PDF that fails a check is `valid: false` with the reasons in `problems`.
 */
export async function verifyPdf<A = unknown>(bytes: Uint8Array, options: VerifyPdfOptions<A>): Promise<VerifyPdfResult<A>> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const head = latin1(bytes, 0, Math.min(1024, bytes.length));
  const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  if (!head.includes('%PDF-') && !tail.includes('%%EOF')) {
    throw new AppError('FILE_UNREADABLE', 'Berkas ini bukan PDF (tidak ada header %PDF- maupun penanda %%EOF).');
  }
  try {
    return await judge(bytes, sha256, tail, options);
  } catch (error) {
    // A PDF whose structure is damaged is judged bad (fail closed), not unreadable; unsupported
    // structures (xref streams, encryption) are refused.
    if (isAppError(error) && error.code === 'PDF_UNSUPPORTED') throw error;
    const why = error instanceof Error ? error.message : String(error);
    return { valid: false, sha256, signatures: [], embeddedFiles: [], parafEvidence: [], problems: [why.startsWith('PDF rusak') ? why : `struktur PDF rusak: ${why}`] };
  }
}

async function judge<A>(bytes: Uint8Array, sha256: string, tail: string, options: VerifyPdfOptions<A>): Promise<VerifyPdfResult<A>> {
  const pdf = readPdfStructure(bytes);
  const problems: string[] = [];
  const ends = revisionEnds(pdf);
  const signatures = findSignatures(pdf)
    .map((f) => checkSignature(pdf, f, options.trustAnchors, ends))
    .sort((x, y) => (x.byteRange[2] ?? 0) + (x.byteRange[3] ?? 0) - ((y.byteRange[2] ?? 0) + (y.byteRange[3] ?? 0)));
  if (signatures.length === 0) problems.push('dokumen tidak memiliki tanda tangan elektronik');
  const eofAt = tail.lastIndexOf('%%EOF');
  if (eofAt < 0 || /\S/.test(tail.slice(eofAt + 5))) problems.push('ada data setelah penanda akhir berkas %%EOF terakhir');

  let files: EmbeddedFileReport[] = [];
  try {
    files = embeddedFiles(pdf);
  } catch (error) {
    problems.push(`berkas tersemat tidak terbaca: ${error instanceof Error ? error.message : String(error)}`);
  }
  const paraf = checkParafEvidence(files, options.trustAnchors);
  problems.push(...paraf.problems);

  const archive = options.archiveLookup ? await options.archiveLookup(sha256) : undefined;
  const valid =
    problems.length === 0 &&
    signatures.every((s) => s.digestOk && s.signatureOk && s.chainOk && s.essCertHashOk && s.revisionIsPrefix && s.problems.length === 0);
  return { valid, sha256, signatures, embeddedFiles: files, parafEvidence: paraf.reports, problems, archive };
}
