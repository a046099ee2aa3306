/**
 * Verifies the PAdES signatures and document time stamps of a PDF.
 * - Found by scanning every revision for signature dictionaries (not only through the AcroForm; one no
 *   longer referenced is reported). The ByteRange must span exactly the dictionary's own /Contents and
 *   end a revision of this file; every change after that revision is judged by the allow-list.
 * - The CMS: digest, signature over the signed attributes, message-digest and ESS certificate hash
 *   (a BER-encoded CMS is re-encoded and verified, with a warning).
 * - Time: a certificate is judged when its key was used, as far as a trusted time stamp proves it —
 *   the signature's own time stamp (B-T), else a document time stamp covering it, else the validation
 *   time. /M is the signer's claim and is never used for it. Each time stamp is judged at the time
 *   the next time stamp proves (the newest at the validation time), so a B-LTA document verifies after
 *   its signer's certificate expired.
 * - Revocation from the DSS, the CMS and data the user gives; unknown when there is none.
 * - The level reached per signature: B-B, B-T, B-LT, B-LTA.
 * Lists embedded files and checks the paraf evidence they carry. Pure over bytes (the validation time
 * is an option); imports the PDF core, the PKI checks, the allow-list and validation material.
 */
import { createHash } from 'node:crypto';
import type forge from 'node-forge';
import { AppError, isAppError } from '../errors/app-error.ts';
import { PdfDict, PdfRef, PdfString, nameOf } from '../pdf/pdf-objects.ts';
import { findStartxref, readPdfStructure, type PdfStructure } from '../pdf/pdf-reader.ts';
import { parsePdfDate as parseDate } from '../pdf/pdf-syntax.ts';
import { commonName, nameOfCertificate } from '../pki/certificate-info.ts';
import { validateCertificatePath, type PathInput, type PathResult, type RevocationData, type RevocationStatus } from '../pki/certificate-path.ts';
import { checkCms, digestName, parseCms, type ParsedCms } from '../pki/cms-verify.ts';
import { OID } from '../pki/oids.ts';
import { parseTstInfo } from '../pki/tsp.ts';
import { scanSignatureDictionaries, signatureFields } from '../pdf/signature-fields.ts';
import { changesAfterSignature, revisionEnds } from './allowed-changes.ts';
import { checkContentEvidence, type ContentEvidenceReport } from './content-evidence.ts';
import { checkParafEvidence, embeddedFiles, type EmbeddedFileReport, type ParafEvidenceReport } from './embedded-files.ts';
import { toX509 } from './paraf-evidence.ts';
import { addGiven, emptyMaterial, readCmsRevocation, readDss, revocationOf, type GivenRevocationData, type ValidationMaterial } from './validation-material.ts';

export { PARAF_MANIFEST_NAME } from './embedded-files.ts';
export type { EmbeddedFileReport, ParafEvidenceReport } from './embedded-files.ts';

export const PADES_LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export type PadesLevel = (typeof PADES_LEVELS)[number];

export interface TimestampReport {
  /** The time the TSA vouches for (ISO 8601). */
  readonly time: string;
  readonly tsa?: string;
  readonly valid: boolean;
  readonly problems: string[];
}

export interface SignatureReport {
  /** Full field name, or "(tidak dirujuk)" for a signature dictionary no field refers to any more. */
  readonly fieldName: string;
  /** "signature" (/Sig) or "timestamp" (a document time stamp, /DocTimeStamp). */
  readonly kind: 'signature' | 'timestamp';
  readonly objectNumber?: number;
  /** 1-based revision the signature covers. */
  readonly revision?: number;
  /** Whether an AcroForm field of the newest revision refers to it. */
  readonly referenced: boolean;
  readonly signerName?: string;
  readonly signerCertSubject?: string;
  readonly issuer?: string;
  /** ISO 8601 from /M (the signer's claim), or undefined when absent or unreadable. */
  readonly signingTime?: string;
  /** The time certificates were judged at, and where it comes from. */
  readonly trustedTime?: string;
  readonly trustedTimeSource?: 'stempel waktu tanda tangan' | 'stempel waktu dokumen' | 'waktu verifikasi';
  /** The signature time stamp (B-T), or the token of a document time stamp. */
  readonly timestamp?: TimestampReport;
  readonly level?: PadesLevel;
  readonly revocation: readonly RevocationStatus[];
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
  /** Of the problems, the changes after it outside the allow-list (the document changed after signing). */
  readonly changes: string[];
  /** Allowed changes after it, and warnings that do not make it invalid. */
  readonly notes: string[];
}

export interface VerifyPdfResult<A = unknown> {
  readonly valid: boolean;
  /** SHA-256 of the whole file (the archive's key). */
  readonly sha256: string;
  /** The time "now" the verification used (ISO 8601). */
  readonly validationTime: string;
  readonly signatures: SignatureReport[];
  readonly embeddedFiles: EmbeddedFileReport[];
  readonly parafEvidence: ParafEvidenceReport[];
  /** The content hash every paraf signed, recomputed from the embedded data and manifest (issued decrees). */
  readonly contentEvidence?: ContentEvidenceReport;
  readonly problems: string[];
  readonly notes: string[];
  /** What `archiveLookup` returned for the file's SHA-256. */
  readonly archive?: A;
}

export interface VerifyPdfOptions<A = unknown> {
  readonly trustAnchors: readonly forge.pki.Certificate[];
  /** The archive hook: "is it ours, which number, revoked?" by the file's SHA-256 (hex). */
  readonly archiveLookup?: (sha256: string) => A | undefined | Promise<A | undefined>;
  /** "Now" for the checks: the current time by default; a test or an auditor may move it. */
  readonly validationTime?: Date;
  /** CRLs and OCSP responses the user gives, in addition to what the document carries. */
  readonly revocation?: GivenRevocationData;
}

const latin1 = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset + s, Math.max(0, e - s)).toString('latin1');
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

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

/** What the structural checks of one signature dictionary found, before any cryptography. */
interface Framed {
  readonly found: FoundSignature;
  readonly kind: 'signature' | 'timestamp';
  readonly subFilter?: string;
  readonly byteRange: number[];
  readonly revision?: number;
  readonly coversWholeFile: boolean;
  readonly contents?: PdfString;
  readonly digest?: Uint8Array;
  readonly parsed?: ParsedCms;
  readonly problems: string[];
  readonly changes: string[];
  readonly notes: string[];
  /** Fatal before cryptography: no CMS to check. */
  readonly fatal?: string;
}

function frame(pdf: PdfStructure, found: FoundSignature, ends: readonly number[]): Framed {
  const { sig } = found;
  const bytes = pdf.bytes;
  const problems: string[] = [];
  const changes: string[] = [];
  const notes: string[] = [];
  const kind = nameOf(sig.get('Type')) === 'DocTimeStamp' ? 'timestamp' : 'signature';
  const subFilter = nameOf(pdf.resolve(sig.get('SubFilter')));
  const allowed = kind === 'timestamp' ? ['ETSI.RFC3161'] : ['ETSI.CAdES.detached', 'adbe.pkcs7.detached'];
  if (!subFilter || !allowed.includes(subFilter)) problems.push(`SubFilter ${subFilter ?? '(tidak ada)'} tidak didukung untuk ${kind === 'timestamp' ? 'stempel waktu dokumen' : 'tanda tangan'}`);
  if (!found.referenced) problems.push('kamus tanda tangan ini tidak lagi dirujuk field mana pun di AcroForm: fieldnya dihapus atau diganti setelah ditandatangani');
  const brValue = pdf.resolve(sig.get('ByteRange'));
  const br = Array.isArray(brValue) && brValue.length === 4 && brValue.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0) ? (brValue as number[]) : undefined;
  const contents = sig.get('Contents');
  const base = { found, kind, subFilter, byteRange: br ?? [], coversWholeFile: false, problems, changes, notes } as const;
  if (!br) return { ...base, fatal: 'ByteRange tidak sah' };
  const [start, a, b, c] = br as [number, number, number, number];
  if (start !== 0 || a >= b || b + c > bytes.length) return { ...base, fatal: 'ByteRange tidak sah (di luar berkas atau tidak berurutan)' };
  if (!(contents instanceof PdfString)) return { ...base, fatal: '/Contents tidak ada atau bukan string langsung' };
  // The gap must be exactly this dictionary's own /Contents string, as it lies in the file.
  if (!contents.span || contents.span.start !== a || contents.span.end !== b || !contents.hex) return { ...base, fatal: 'ByteRange tidak tepat mengapit nilai /Contents kamus tanda tangan ini' };
  const end = b + c;
  const coversWholeFile = end === bytes.length;
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
  if (revision === undefined) problems.push('bagian yang ditandatangani bukan revisi utuh dari berkas ini');
  else {
    if (found.definedIn !== undefined && found.definedIn !== revision) problems.push(`kamus tanda tangan berada di revisi ${found.definedIn + 1}, tetapi yang ditandatangani revisi ${revision + 1}`);
    if (!coversWholeFile) {
      try {
        const label = `${kind === 'timestamp' ? 'stempel waktu dokumen' : 'tanda tangan'} "${found.fieldName}"`;
        const after = changesAfterSignature(pdf, revision, label, docMdpLevel(pdf, sig));
        problems.push(...after.problems);
        changes.push(...after.problems);
        notes.push(...after.notes);
      } catch (error) {
        problems.push(`perubahan setelah tanda tangan "${found.fieldName}" tidak dapat diperiksa: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  let parsed: ParsedCms;
  try {
    parsed = parseCms(contents.bytes);
  } catch (error) {
    return { ...base, byteRange: br, revision, coversWholeFile, contents, fatal: isAppError(error) ? error.message : `CMS tidak terbaca: ${String(error)}` };
  }
  if (parsed.berReencoded) notes.push('CMS tanda tangan ini berkode BER, bukan DER; diperiksa setelah dikodekan ulang sebagai DER (peringatan)');
  const digest = new Uint8Array(
    createHash(digestName(parsed.digestAlgorithm) ?? 'sha256')
      .update(bytes.subarray(0, a))
      .update(bytes.subarray(b, b + c))
      .digest(),
  );
  return { ...base, byteRange: br, revision, coversWholeFile, contents, digest, parsed };
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

interface Context {
  readonly anchors: ReturnType<typeof toX509>[];
  readonly material: ValidationMaterial;
  readonly now: Date;
}

/**
 * Checks an RFC 3161 token over `imprintOf` bytes' hash: the CMS, the message imprint, the TSA's
 * certificate path at the token's time, not expired before `provenAt` (the next proof, or now).
 */
interface TokenCheck extends TimestampReport {
  readonly genTime?: Date;
  readonly path?: PathResult;
  /** The TSA's path check input, to ask again with the DSS alone (B-LT). */
  readonly pathInput?: PathInput;
}

function checkTimestampToken(token: Uint8Array, imprintOf: (hash: string) => Uint8Array, ctx: Context, provenAt: Date): TokenCheck {
  let parsed: ParsedCms;
  try {
    parsed = parseCms(token);
  } catch (error) {
    return { time: '', valid: false, problems: [`token stempel waktu tidak terbaca: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const check = checkCms(parsed, undefined, 'tst');
  const problems = [...check.problems];
  let tst;
  try {
    tst = parseTstInfo(parsed.content ?? new Uint8Array());
  } catch (error) {
    return { time: '', valid: false, problems: [...problems, `TSTInfo tidak terbaca: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const hash = digestName(tst.hashAlgorithm);
  if (!hash || hash === 'sha1') problems.push(`algoritma hash stempel waktu ${tst.hashAlgorithm} tidak diterima`);
  else if (!Buffer.from(tst.hashedMessage).equals(Buffer.from(imprintOf(hash)))) problems.push('stempel waktu bukan untuk data ini (message imprint berbeda)');
  let path: PathResult | undefined;
  let pathInput: PathInput | undefined;
  const tsa = check.signerCertificate;
  if (tsa) {
    readCmsRevocation(parsed, ctx.material);
    pathInput = {
      leaf: tsa,
      pool: [...parsed.certificates, ...ctx.material.certificates],
      anchors: ctx.anchors,
      usedAt: tst.genTime,
      usedAtLabel: 'waktu stempel waktu',
      provenAt,
      purpose: 'timestamping',
      revocation: revocationOf(ctx.material),
    };
    path = validateCertificatePath(pathInput);
    problems.push(...path.problems.map((p) => `TSA: ${p}`));
  }
  return {
    time: iso(tst.genTime),
    tsa: tsa ? commonName(tsa.subject) : undefined,
    valid: problems.length === 0 && check.digestOk && check.signatureOk && check.essCertHashOk && !!path?.ok,
    problems,
    genTime: tst.genTime,
    path,
    pathInput,
  };
}

/** Whether the DSS alone proves every certificate of a path good (what B-LT asks). */
function dssProvesPath(input: PathInput | undefined, dss: RevocationData): boolean {
  if (!input) return false;
  const r = validateCertificatePath({ ...input, revocation: dss });
  return r.revocation.length > 0 && r.revocation.every((s) => s.status === 'good');
}

/**
 * Verifies every signature of `bytes`. Unreadable PDFs are AppError FILE_UNREADABLE (or
 * PDF_UNSUPPORTED); a readable PDF that fails a check is `valid: false` with the reasons in `problems`.
 */
export async function verifyPdf<A = unknown>(bytes: Uint8Array, options: VerifyPdfOptions<A>): Promise<VerifyPdfResult<A>> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const now = options.validationTime ?? new Date();
  const head = latin1(bytes, 0, Math.min(1024, bytes.length));
  const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  if (!head.includes('%PDF-') && !tail.includes('%%EOF')) {
    throw new AppError('FILE_UNREADABLE', 'Berkas ini bukan PDF (tidak ada header %PDF- maupun penanda %%EOF).');
  }
  try {
    return await judge(bytes, sha256, tail, now, options);
  } catch (error) {
    // A PDF whose structure is damaged is judged bad (fail closed), not unreadable; encryption is refused.
    if (isAppError(error) && error.code === 'PDF_UNSUPPORTED') throw error;
    const why = error instanceof Error ? error.message : String(error);
    return {
      valid: false,
      sha256,
      validationTime: iso(now),
      signatures: [],
      embeddedFiles: [],
      parafEvidence: [],
      problems: [why.startsWith('PDF rusak') ? why : `struktur PDF rusak: ${why}`],
      notes: [],
    };
  }
}

async function judge<A>(bytes: Uint8Array, sha256: string, tail: string, now: Date, options: VerifyPdfOptions<A>): Promise<VerifyPdfResult<A>> {
  const pdf = readPdfStructure(bytes);
  const problems: string[] = [];
  const ends = revisionEnds(pdf);
  const material = emptyMaterial();
  const hasDss = readDss(pdf, material);
  const dssRevocation = { crls: [...material.crls], ocsps: [...material.ocsps] };
  addGiven(material, options.revocation);
  const ctx: Context = { anchors: options.trustAnchors.map(toX509), material, now };
  const framed = findSignatures(pdf)
    .map((f) => frame(pdf, f, ends))
    .sort((x, y) => (x.byteRange[2] ?? 0) + (x.byteRange[3] ?? 0) - ((y.byteRange[2] ?? 0) + (y.byteRange[3] ?? 0)));
  for (const f of framed) if (f.parsed) readCmsRevocation(f.parsed, material);

  // Document time stamps, newest first: each is proven by the next valid one (the newest by "now").
  const docTimestamps = new Map<Framed, { report: TokenCheck; genTime?: Date; ok: boolean }>();
  const provenByLater = (revision: number | undefined, strictlyAfter: boolean): { at: Date; label: string } => {
    let best: Date | undefined;
    for (const [f, t] of docTimestamps) {
      if (!t.ok || !t.genTime || f.revision === undefined || revision === undefined) continue;
      if (strictlyAfter ? f.revision > revision : f.revision >= revision) if (!best || t.genTime < best) best = t.genTime;
    }
    return best ? { at: best, label: 'stempel waktu dokumen' } : { at: now, label: 'waktu verifikasi' };
  };
  for (const f of [...framed].reverse()) {
    if (f.kind !== 'timestamp' || !f.contents) continue;
    const proven = provenByLater(f.revision, true);
    const r = checkTimestampToken(
      f.contents.bytes,
      (h) => new Uint8Array(createHash(h).update(bytes.subarray(0, f.byteRange[1]!)).update(bytes.subarray(f.byteRange[2]!, f.byteRange[2]! + f.byteRange[3]!)).digest()),
      ctx,
      proven.at,
    );
    docTimestamps.set(f, { report: r, genTime: r.genTime, ok: r.valid && !f.fatal && f.problems.length === 0 && f.revision !== undefined });
  }

  // The DSS revision: the first revision whose catalog has a /DSS; B-LTA needs a time stamp after it.
  let dssSince: number | undefined;
  for (let r = 0; r < pdf.revisions.length && hasDss; r++) {
    try {
      if (pdf.at(r).catalog().get('DSS') !== undefined) {
        dssSince = r;
        break;
      }
    } catch {
      /* a damaged earlier catalog: no DSS there */
    }
  }

  const signatures: SignatureReport[] = framed.map((f): SignatureReport => {
    const sig = f.found.sig;
    const text = (k: string) => {
      const v = pdf.resolve(sig.get(k));
      return v instanceof PdfString ? v.text() : undefined;
    };
    const mText = text('M');
    const signingTime = mText ? parsePdfDate(mText) : undefined;
    const common = {
      fieldName: f.found.fieldName,
      kind: f.kind,
      objectNumber: f.found.objectNumber,
      referenced: f.found.referenced,
      revision: f.revision === undefined ? undefined : f.revision + 1,
      signingTime,
      reason: text('Reason'),
      location: text('Location'),
      subFilter: f.subFilter,
      byteRange: f.byteRange,
      coversWholeFile: f.coversWholeFile,
      revisionIsPrefix: f.revision !== undefined,
    };
    const failed = (why: string): SignatureReport => ({
      ...common,
      digestOk: false,
      signatureOk: false,
      chainOk: false,
      essCertHashOk: false,
      revocation: [],
      problems: [...f.problems, why],
      changes: f.changes,
      notes: f.notes,
    });
    if (f.fatal || !f.parsed) return failed(f.fatal ?? 'CMS tidak terbaca');

    if (f.kind === 'timestamp') {
      const t = docTimestamps.get(f)!;
      const path = t.report.path;
      return {
        ...common,
        signerName: t.report.tsa,
        issuer: path?.chain[1] ? nameOfCertificate(path.chain[1]) : undefined,
        trustedTime: t.report.time || undefined,
        trustedTimeSource: 'stempel waktu dokumen',
        timestamp: { time: t.report.time, tsa: t.report.tsa, valid: t.report.valid, problems: t.report.problems },
        digestOk: t.report.problems.every((p) => !p.includes('imprint')),
        signatureOk: t.report.valid || !t.report.problems.some((p) => p.startsWith('tanda tangan kriptografis')),
        chainOk: !!path?.ok,
        essCertHashOk: true,
        revocation: path?.revocation ?? [],
        problems: [...f.problems, ...t.report.problems],
        changes: f.changes,
        notes: [...f.notes, ...(path?.notes ?? [])],
      };
    }

    const profile = f.subFilter === 'ETSI.CAdES.detached' ? 'pades' : 'cms';
    const check = checkCms(f.parsed, f.digest!, profile);
    const problems = [...f.problems, ...check.problems];
    const notes = [...f.notes];
    // The signature's own time stamp (B-T), proven by a covering document time stamp or by now.
    let timestamp: TokenCheck | undefined;
    const tsAttr = f.parsed.unsignedAttributes.find((a) => a.oid === OID.signatureTimeStampToken);
    const proven = provenByLater(f.revision, false);
    if (tsAttr?.values[0]) {
      const signatureValue = f.parsed.signature;
      const node = tsAttr.values[0];
      const token = node.bytes.subarray(node.start, node.end);
      timestamp = checkTimestampToken(token, (h) => new Uint8Array(createHash(h).update(signatureValue).digest()), ctx, proven.at);
      if (!timestamp.valid) problems.push(...timestamp.problems.map((p) => `stempel waktu tanda tangan: ${p}`));
    }
    let trustedTime = now;
    let trustedTimeSource: SignatureReport['trustedTimeSource'] = 'waktu verifikasi';
    if (timestamp?.valid && timestamp.genTime) {
      trustedTime = timestamp.genTime;
      trustedTimeSource = 'stempel waktu tanda tangan';
    } else if (proven.label === 'stempel waktu dokumen') {
      trustedTime = proven.at;
      trustedTimeSource = 'stempel waktu dokumen';
    }
    if (signingTime && trustedTimeSource !== 'waktu verifikasi' && new Date(signingTime).getTime() > trustedTime.getTime() + 5 * 60_000) {
      notes.push(`waktu /M (${signingTime}) sesudah ${trustedTimeSource} (${iso(trustedTime)}): klaim waktu penanda tangan tidak cocok`);
    }
    let path: PathResult | undefined;
    let pathInput: PathInput | undefined;
    if (check.signerCertificate) {
      pathInput = {
        leaf: check.signerCertificate,
        pool: [...f.parsed.certificates, ...material.certificates],
        anchors: ctx.anchors,
        usedAt: trustedTime,
        usedAtLabel: trustedTimeSource,
        purpose: 'document-signing',
        revocation: revocationOf(material),
      };
      path = validateCertificatePath(pathInput);
      problems.push(...path.problems);
      notes.push(...path.notes);
    }
    const cert = check.signerCertificate;
    const valid = check.digestOk && check.signatureOk && check.essCertHashOk && !!path?.ok && problems.length === 0 && f.revision !== undefined;
    let level: PadesLevel | undefined;
    if (valid) {
      level = 'B-B';
      const hasTime = timestamp?.valid || trustedTimeSource === 'stempel waktu dokumen';
      if (hasTime) level = 'B-T';
      // B-LT: the DSS alone proves every certificate good (of the signer's path and its time stamp's).
      if (hasTime && hasDss && dssProvesPath(pathInput, dssRevocation) && (!timestamp || dssProvesPath(timestamp.pathInput, dssRevocation))) level = 'B-LT';
      if (level === 'B-LT' && dssSince !== undefined && [...docTimestamps].some(([d, t]) => t.ok && d.revision !== undefined && d.revision >= dssSince! && d.revision > f.revision!)) level = 'B-LTA';
    }
    return {
      ...common,
      signerName: (cert ? commonName(cert.subject) : undefined) ?? text('Name'),
      signerCertSubject: cert?.subject.split('\n').join(', '),
      issuer: path?.chain[1] ? nameOfCertificate(path.chain[1]) : cert ? (commonName(cert.issuer) ?? cert.issuer.split('\n').join(', ')) : undefined,
      trustedTime: iso(trustedTime),
      trustedTimeSource,
      timestamp: timestamp ? { time: timestamp.time, tsa: timestamp.tsa, valid: timestamp.valid, problems: timestamp.problems } : undefined,
      level,
      revocation: path?.revocation ?? [],
      digestOk: check.digestOk,
      signatureOk: check.signatureOk,
      chainOk: !!path?.ok,
      essCertHashOk: check.essCertHashOk,
      problems,
      changes: f.changes,
      notes,
    };
  });
  if (signatures.length === 0) problems.push('dokumen tidak memiliki tanda tangan elektronik');
  else if (signatures.every((s) => s.kind === 'timestamp')) problems.push('dokumen hanya memiliki stempel waktu, tanpa tanda tangan elektronik');
  const eofAt = tail.lastIndexOf('%%EOF');
  if (eofAt < 0 || /\S/.test(tail.slice(eofAt + 5))) problems.push('ada data setelah penanda akhir berkas %%EOF terakhir');

  let files: EmbeddedFileReport[] = [];
  try {
    files = embeddedFiles(pdf);
  } catch (error) {
    problems.push(`berkas tersemat tidak terbaca: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Paraf evidence is inside the first signature's revision: it existed at that signature's trusted time.
  const first = signatures.find((s) => s.kind === 'signature');
  const paraf = checkParafEvidence(files, options.trustAnchors, {
    at: first?.trustedTime ? new Date(first.trustedTime) : now,
    atLabel: first?.trustedTimeSource ?? 'waktu verifikasi',
    revocation: revocationOf(material),
  });
  problems.push(...paraf.problems);
  const contentEvidence = checkContentEvidence(files);
  if (contentEvidence) problems.push(...contentEvidence.problems);

  const archive = options.archiveLookup ? await options.archiveLookup(sha256) : undefined;
  const valid =
    problems.length === 0 &&
    signatures.every((s) => s.digestOk && s.signatureOk && s.chainOk && s.essCertHashOk && s.revisionIsPrefix && s.problems.length === 0);
  return { valid, sha256, validationTime: iso(now), signatures, embeddedFiles: files, parafEvidence: paraf.reports, ...(contentEvidence ? { contentEvidence } : {}), problems, notes: material.notes, archive };
}

