/**
 * PAdES signatures on a PDF, each as an incremental update appended to the existing bytes: a
 * signature field and widget (visible appearance in the body font) on a page, AcroForm (SigFlags 3),
 * optional embedded files as PDF/A-3 associated files (/AF, /AFRelationship), the signature dictionary
 * with fixed-width /ByteRange and zero-padded /Contents placeholders. The two byte ranges are hashed
 * (streaming, no copy), the CMS is built — with a signature time stamp from a TSA for B-T — and patched
 * in place. Document time stamps (B-LTA) use the same field machinery. Imports the PDF core, the
 * appearance, the CMS builder, the TSA interface and the RawSigner interface.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { buildIncrementalUpdate, UpdateObjects } from '../pdf/incremental-update.ts';
import { PdfDict, PdfRaw, PdfRef, PdfString, name, textString, type PdfValue } from '../pdf/pdf-objects.ts';
import { readPdfStructure, type PdfStructure } from '../pdf/pdf-reader.ts';
import { dateString } from '../pdf/pdf-syntax.ts';
import { OID } from '../pki/oids.ts';
import type { FontFiles } from '../render/fonts.ts';
import { loadFonts } from '../render/fonts.ts';
import { buildSignedData } from './cms.ts';
import type { RawSigner } from './raw-signer.ts';
import { indonesianDateTime, writeAppearance } from './signature-appearance.ts';
import type { TimestampAuthority } from './timestamp-authority.ts';

export interface SignatureRect {
  /** 1-based page number. */
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How an associated file relates to the document (PDF/A-3, ISO 32000-2 14.13). */
export type AfRelationship = 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'Unspecified';

export interface EmbeddedAttachment {
  /** File name as shown by readers (unique within the document). */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly mimeType?: string;
  readonly description?: string;
  /** Default "Supplement". */
  readonly relationship?: AfRelationship;
}

export interface SignPdfOptions {
  readonly signer: RawSigner;
  /** Claimed signing time, written as /M (PAdES keeps the time there, not in the CMS). */
  readonly clock: Date;
  /** Visible widget; without it the signature is invisible (zero-size widget on page 1). */
  readonly rect?: SignatureRect;
  /** Shown in the appearance; default: the certificate's CN. */
  readonly signerName?: string;
  readonly jabatan?: string;
  readonly reason?: string;
  readonly location?: string;
  /** Field name; default "Tanda Tangan <n>", unique in the document. */
  readonly fieldName?: string;
  /** Files embedded in the same update as associated files, so this signature covers them. */
  readonly attachments?: readonly EmbeddedAttachment[];
  /** Bytes reserved for the CMS (hex placeholder is twice this). Default 16384, 32768 with a TSA. */
  readonly contentsSize?: number;
  /** IANA time zone of /M and of the time printed in the appearance. Default Asia/Jakarta (WIB). */
  readonly timeZone?: string;
  /** A TSA: the CMS gets a signature time stamp (PAdES B-T). */
  readonly tsa?: TimestampAuthority;
  /** The body font for the appearance (subset embedded); default TeX Gyre Bonum. */
  readonly fonts?: FontFiles;
}

export interface SignPdfResult {
  /**
   * The signed file as two parts: the input bytes (not copied) and the appended update. Write them
   * in order (e.g. fs.writev) to store the file without ever copying the input.
   */
  readonly parts: readonly [Uint8Array, Uint8Array];
  readonly length: number;
  /** The signed file as one buffer: made on first access (the one full copy), then cached. */
  readonly bytes: Uint8Array;
  readonly fieldName: string;
  readonly byteRange: readonly [number, number, number, number];
  readonly cmsSize: number;
  /** The /Contents bytes as written (the CMS, zero padded): what a VRI key hashes. */
  readonly contents: Uint8Array;
}

const BYTE_RANGE_WIDTH = 10;
const BYTE_RANGE_PLACEHOLDER = `[0 ${'9'.repeat(BYTE_RANGE_WIDTH)} ${'9'.repeat(BYTE_RANGE_WIDTH)} ${'9'.repeat(BYTE_RANGE_WIDTH)}]`;

function fieldNames(pdf: PdfStructure, fields: PdfValue[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<PdfDict>();
  const walk = (v: PdfValue, depth: number) => {
    const d = pdf.dict(v);
    if (!d || depth > 32 || seen.has(d)) return;
    seen.add(d);
    const t = d.get('T');
    if (t instanceof PdfString) out.add(t.text());
    const kids = pdf.resolve(d.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
  };
  for (const f of fields) walk(f, 0);
  return out;
}

/** Flat (name, filespec) pairs of a name tree. */
function nameTreeEntries(pdf: PdfStructure, node: PdfValue | undefined, depth = 0, seen = new Set<PdfDict>()): Array<[PdfString, PdfValue]> {
  const d = pdf.dict(node);
  if (!d || depth > 32 || seen.has(d)) return [];
  seen.add(d);
  const out: Array<[PdfString, PdfValue]> = [];
  const names = pdf.resolve(d.get('Names'));
  if (Array.isArray(names)) for (let i = 0; i + 1 < names.length; i += 2) if (names[i] instanceof PdfString) out.push([names[i] as PdfString, names[i + 1]!]);
  const kids = pdf.resolve(d.get('Kids'));
  if (Array.isArray(kids)) for (const k of kids) out.push(...nameTreeEntries(pdf, k, depth + 1, seen));
  return out;
}

function commonNameOf(signer: RawSigner): string {
  const cn = signer.certificateChain[0]?.subject.getField('CN') as { value?: string } | null | undefined;
  return cn?.value ?? 'Penanda tangan';
}

export interface FieldSpec {
  /** Field name, or the prefix a number is appended to ("Tanda Tangan" → "Tanda Tangan 2"). */
  readonly fieldName?: string;
  readonly namePrefix: string;
  readonly rect?: SignatureRect;
  /** Writes the appearance stream into the update; returns its object number. */
  readonly appearance?: (sink: UpdateObjects, width: number, height: number) => number;
  /** The signature dictionary without /ByteRange and /Contents. */
  readonly signatureDict: PdfDict;
  readonly attachments?: readonly EmbeddedAttachment[];
  readonly clock: Date;
}

/**
 * The objects of a signature's update: field + widget on the page, AcroForm, attachments as
 * associated files, and the signature dictionary with placeholders. Returns the update's objects.
 */
export function prepareSignatureUpdate(base: PdfStructure, spec: FieldSpec): { objects: UpdateObjects; sigNum: number; fieldName: string } {
  const pages = base.pageRefs();
  const rect = spec.rect;
  const pageNumber = rect?.page ?? 1;
  const pageRef = pages[pageNumber - 1];
  if (!pageRef) {
    throw new AppError('SIGNING_FAILED', `Halaman ${pageNumber} tidak ada; dokumen ini punya ${pages.length} halaman. Periksa posisi kotak tanda tangan.`);
  }
  const objects = new UpdateObjects(base);
  const genOf = (ref: PdfRef) => base.entry(ref.num)?.gen ?? ref.gen;

  // Catalog and AcroForm
  const catalog = base.catalog().clone();
  const acroFormValue = catalog.get('AcroForm');
  const acroFormRef = acroFormValue instanceof PdfRef ? acroFormValue : undefined;
  const acroForm = (base.dict(acroFormValue) ?? new PdfDict()).clone();
  const oldFields = base.resolve(acroForm.get('Fields'));
  const fields: PdfValue[] = Array.isArray(oldFields) ? [...oldFields] : [];
  const taken = fieldNames(base, fields);
  let fieldName = spec.fieldName;
  if (fieldName === undefined) {
    let n = 1;
    while (taken.has(`${spec.namePrefix} ${n}`)) n++;
    fieldName = `${spec.namePrefix} ${n}`;
  } else if (taken.has(fieldName)) {
    throw new AppError('SIGNING_FAILED', `Field tanda tangan "${fieldName}" sudah ada di dokumen; pilih nama lain.`);
  }

  const sigNum = objects.alloc();
  const widgetNum = objects.alloc();
  fields.push(new PdfRef(widgetNum, 0));
  acroForm.set('Fields', fields).set('SigFlags', 3);
  if (acroFormRef) objects.writeObject(acroFormRef.num, acroForm, genOf(acroFormRef));
  else {
    const num = objects.alloc();
    objects.writeObject(num, acroForm);
    catalog.set('AcroForm', new PdfRef(num, 0));
  }

  // Embedded files in the same update (this signature covers them), as associated files.
  if (spec.attachments && spec.attachments.length > 0) {
    const namesValue = catalog.get('Names');
    const namesRef = namesValue instanceof PdfRef ? namesValue : undefined;
    const names = (base.dict(namesValue) ?? new PdfDict()).clone();
    const entries = nameTreeEntries(base, names.get('EmbeddedFiles'));
    const af = base.resolve(catalog.get('AF'));
    const associated: PdfValue[] = Array.isArray(af) ? [...af] : [];
    for (const a of spec.attachments) {
      if (entries.some(([k]) => k.text() === a.name)) throw new AppError('SIGNING_FAILED', `Lampiran tersemat "${a.name}" sudah ada di dokumen; pakai nama lain.`);
      const fileNum = objects.alloc();
      const specNum = objects.alloc();
      const ef = new PdfDict([
        ['Type', name('EmbeddedFile')],
        ['Subtype', name(a.mimeType ?? 'application/octet-stream')],
        [
          'Params',
          new PdfDict([
            ['Size', a.bytes.length],
            ['ModDate', dateString(spec.clock)],
            ['CheckSum', new PdfString(new Uint8Array(createHash('md5').update(a.bytes).digest()), true)],
          ]),
        ],
      ]);
      objects.writeStream(fileNum, ef, a.bytes);
      const fileSpec = new PdfDict([
        ['Type', name('Filespec')],
        ['F', textString(a.name)],
        ['UF', textString(a.name)],
        ['EF', new PdfDict([['F', new PdfRef(fileNum, 0)], ['UF', new PdfRef(fileNum, 0)]])],
        ['AFRelationship', name(a.relationship ?? 'Supplement')],
      ]);
      if (a.description) fileSpec.set('Desc', textString(a.description));
      objects.writeObject(specNum, fileSpec);
      entries.push([textString(a.name), new PdfRef(specNum, 0)]);
      associated.push(new PdfRef(specNum, 0));
    }
    entries.sort((x, y) => Buffer.compare(Buffer.from(x[0].bytes), Buffer.from(y[0].bytes)));
    names.set('EmbeddedFiles', new PdfDict([['Names', entries.flat()]]));
    if (namesRef) objects.writeObject(namesRef.num, names, genOf(namesRef));
    else catalog.set('Names', names);
    catalog.set('AF', associated);
  }
  objects.writeObject(base.root.num, catalog, genOf(base.root));

  // Page gets the widget in /Annots.
  const page = base.dict(pageRef)!.clone();
  const annotsValue = page.get('Annots');
  const oldAnnots = base.resolve(annotsValue);
  const annots = [...(Array.isArray(oldAnnots) ? oldAnnots : []), new PdfRef(widgetNum, 0)];
  if (annotsValue instanceof PdfRef) objects.writeObject(annotsValue.num, annots, genOf(annotsValue));
  else page.set('Annots', annots);
  if (!(annotsValue instanceof PdfRef)) objects.writeObject(pageRef.num, page, genOf(pageRef));

  // Widget + appearance
  const widget = new PdfDict([
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['FT', name('Sig')],
    ['T', textString(fieldName)],
    ['V', new PdfRef(sigNum, 0)],
    ['F', 132], // Print + Locked
    ['P', pageRef],
  ]);
  if (rect && rect.width > 0 && rect.height > 0 && spec.appearance) {
    widget.set('Rect', [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height]);
    const ap = spec.appearance(objects, rect.width, rect.height);
    widget.set('AP', new PdfDict([['N', new PdfRef(ap, 0)]]));
  } else {
    // Invisible, with an empty appearance: PDF/A wants one on every widget.
    widget.set('Rect', [0, 0, 0, 0]);
    const ap = objects.alloc();
    objects.writeStream(ap, new PdfDict([['Type', name('XObject')], ['Subtype', name('Form')], ['BBox', [0, 0, 0, 0]]]), new Uint8Array(0));
    widget.set('AP', new PdfDict([['N', new PdfRef(ap, 0)]]));
  }
  objects.writeObject(widgetNum, widget);

  const sig = spec.signatureDict.clone();
  sig.set('ByteRange', new PdfRaw(BYTE_RANGE_PLACEHOLDER));
  objects.writeObject(sigNum, sig);
  return { objects, sigNum, fieldName };
}

/**
 * Writes the update, fixes /ByteRange, hashes the two ranges and patches in what `contentsFor`
 * makes of their SHA-256 (a CMS or a time-stamp token), zero padded to `contentsSize` bytes.
 */
export async function embedSignature(
  pdf: Uint8Array,
  base: PdfStructure,
  prepared: { objects: UpdateObjects; sigNum: number; fieldName: string },
  contentsSize: number,
  contentsFor: (digest: Uint8Array) => Promise<Uint8Array>,
): Promise<SignPdfResult> {
  const { objects, sigNum } = prepared;
  const sigObject = objects.objects.find((o) => o.num === sigNum)!;
  (sigObject.value as PdfDict).set('Contents', new PdfRaw(`<${'0'.repeat(contentsSize * 2)}>`));
  const built = buildIncrementalUpdate(base, objects.objects, objects.size);
  const u = built.bytes;
  const sigStart = built.valueOffsets.get(sigNum)!;
  const brAt = u.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, sigStart, 'latin1') + '/ByteRange '.length;
  const contentsAt = u.indexOf('/Contents <', sigStart, 'latin1') + '/Contents '.length;
  if (brAt < sigStart || contentsAt < sigStart) throw new AppError('INTERNAL', 'Placeholder tanda tangan tidak ditemukan di pembaruan inkremental.');

  const total = pdf.length + u.length;
  const a = pdf.length + contentsAt;
  const b = a + contentsSize * 2 + 2;
  const c = total - b;
  const pad = (n: number) => String(n).padEnd(BYTE_RANGE_WIDTH, ' ');
  u.write(`[0 ${pad(a)} ${pad(b)} ${pad(c)}]`, brAt, 'latin1');

  const hash = createHash('sha256');
  hash.update(pdf);
  hash.update(u.subarray(0, contentsAt));
  hash.update(u.subarray(contentsAt + contentsSize * 2 + 2));
  const cms = await contentsFor(new Uint8Array(hash.digest()));
  if (cms.length > contentsSize) {
    throw new AppError('SIGNATURE_TOO_LARGE', `Tanda tangan (${cms.length} byte) tidak muat di ruang yang disediakan (${contentsSize} byte); naikkan contentsSize.`);
  }
  u.write(Buffer.from(cms).toString('hex').toUpperCase(), contentsAt + 1, 'latin1');
  const contents = new Uint8Array(contentsSize);
  contents.set(cms, 0);

  const update = new Uint8Array(u.buffer, u.byteOffset, u.byteLength);
  let joined: Uint8Array | undefined;
  return {
    parts: [pdf, update],
    length: total,
    get bytes() {
      if (!joined) {
        joined = new Uint8Array(total);
        joined.set(pdf, 0);
        joined.set(update, pdf.length);
      }
      return joined;
    },
    fieldName: prepared.fieldName,
    byteRange: [0, a, b, c],
    cmsSize: cms.length,
    contents,
  };
}

/**
 * Signs `pdf` (earlier bytes untouched) and returns the signed bytes. Fails with SIGNATURE_TOO_LARGE
 * when the CMS does not fit the reserved /Contents, KEY_INVALID when the certificate is not valid at
 * `clock`, PDF_UNSUPPORTED on encryption; SIGNING_FAILED when the TSA does not answer.
 */
export async function signPdf(pdf: Uint8Array, options: SignPdfOptions): Promise<SignPdfResult> {
  const cert = options.signer.certificateChain[0];
  if (!cert) throw new AppError('KEY_INVALID', 'Rantai sertifikat penanda tangan kosong; impor sertifikatnya dulu.');
  if (options.clock < cert.validity.notBefore || options.clock > cert.validity.notAfter) {
    throw new AppError(
      'KEY_INVALID',
      `Sertifikat ${commonNameOf(options.signer)} tidak berlaku pada ${options.clock.toISOString()} (berlaku ${cert.validity.notBefore.toISOString()} – ${cert.validity.notAfter.toISOString()}); perbarui sertifikatnya.`,
    );
  }
  const base = readPdfStructure(pdf);
  const timeZone = options.timeZone ?? 'Asia/Jakarta';
  const signerName = options.signerName ?? commonNameOf(options.signer);
  const sig = new PdfDict([
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.CAdES.detached')],
    ['M', dateString(options.clock, timeZone)],
    ['Name', textString(signerName)],
  ]);
  if (options.reason) sig.set('Reason', textString(options.reason));
  if (options.location) sig.set('Location', textString(options.location));
  const fonts = options.fonts ?? loadFonts();
  const prepared = prepareSignatureUpdate(base, {
    fieldName: options.fieldName,
    namePrefix: 'Tanda Tangan',
    rect: options.rect,
    appearance: (sink, width, height) =>
      writeAppearance({ width, height, name: signerName, jabatan: options.jabatan ?? '', dateText: indonesianDateTime(options.clock, timeZone), fonts }, sink),
    signatureDict: sig,
    attachments: options.attachments,
    clock: options.clock,
  });
  const tsa = options.tsa;
  return embedSignature(pdf, base, prepared, options.contentsSize ?? (tsa ? 32768 : 16384), (digest) =>
    buildSignedData(digest, options.signer, {
      unsignedAttributes: tsa
        ? async (signatureValue) => [{ oid: OID.signatureTimeStampToken, values: [await tsa.timestamp(new Uint8Array(createHash('sha256').update(signatureValue).digest()))] }]
        : undefined,
    }),
  );
}
