/**
 * PAdES baseline B-B on a PDF, as an incremental update of our own appended to the existing bytes:
 * signature field + widget (visible appearance) on a page, AcroForm (SigFlags 3) in an updated
 * catalog, optional embedded files (/Names /EmbeddedFiles), the signature dictionary with fixed-width
 * /ByteRange and zero-padded /Contents placeholders, a new xref section and trailer with /Prev. Then
 * the two byte ranges are hashed (streaming, no copy), the CMS is built and patched in place.
 * Imports the PDF reader/writer, the appearance, the CMS builder and the RawSigner interface.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { buildSignedData } from './cms.ts';
import { buildIncrementalUpdate, type UpdateObject } from '../pdf/incremental-update.ts';
import { PdfDict, PdfRaw, PdfRef, PdfString, name, textString, type PdfValue } from '../pdf/pdf-objects.ts';
import { readPdfStructure, type PdfStructure } from '../pdf/pdf-reader.ts';
import { dateString } from '../pdf/pdf-syntax.ts';
import type { RawSigner } from './raw-signer.ts';
import { buildAppearance, indonesianDate } from './signature-appearance.ts';

export interface SignatureRect {
  /** 1-based page number. */
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface EmbeddedAttachment {
  /** File name as shown by readers (unique within the document). */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly mimeType?: string;
  readonly description?: string;
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
  /** Files embedded in the same update, so this signature covers them. */
  readonly attachments?: readonly EmbeddedAttachment[];
  /** Bytes reserved for the CMS (hex placeholder is twice this). Default 16384. */
  readonly contentsSize?: number;
  /** IANA time zone of the date printed in the appearance. Default Asia/Jakarta. */
  readonly timeZone?: string;
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

/**
 * Signs `pdf` (classic xref table; earlier bytes untouched) and returns the signed bytes. Fails with
 * SIGNATURE_TOO_LARGE when the CMS does not fit the reserved /Contents, PDF_UNSUPPORTED on xref
 * streams or encryption.
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
  const pages = base.pageRefs();
  const rect = options.rect;
  const pageNumber = rect?.page ?? 1;
  const pageRef = pages[pageNumber - 1];
  if (!pageRef) {
    throw new AppError('SIGNING_FAILED', `Halaman ${pageNumber} tidak ada; dokumen ini punya ${pages.length} halaman. Periksa posisi kotak tanda tangan.`);
  }
  const contentsSize = options.contentsSize ?? 16384;
  const objects: UpdateObject[] = [];
  let nextNum = base.size;
  const alloc = () => nextNum++;
  const genOf = (ref: PdfRef) => base.offsets.get(ref.num)?.gen ?? ref.gen;

  // Catalog and AcroForm
  const catalog = base.catalog().clone();
  const acroFormValue = catalog.get('AcroForm');
  const acroFormRef = acroFormValue instanceof PdfRef ? acroFormValue : undefined;
  const acroForm = (base.dict(acroFormValue) ?? new PdfDict()).clone();
  const oldFields = base.resolve(acroForm.get('Fields'));
  const fields: PdfValue[] = Array.isArray(oldFields) ? [...oldFields] : [];
  const taken = fieldNames(base, fields);
  let fieldName = options.fieldName;
  if (fieldName === undefined) {
    let n = 1;
    while (taken.has(`Tanda Tangan ${n}`)) n++;
    fieldName = `Tanda Tangan ${n}`;
  } else if (taken.has(fieldName)) {
    throw new AppError('SIGNING_FAILED', `Field tanda tangan "${fieldName}" sudah ada di dokumen; pilih nama lain.`);
  }

  const sigNum = alloc();
  const widgetNum = alloc();
  fields.push(new PdfRef(widgetNum, 0));
  acroForm.set('Fields', fields).set('SigFlags', 3);
  if (acroFormRef) objects.push({ num: acroFormRef.num, gen: genOf(acroFormRef), value: acroForm });
  else {
    const num = alloc();
    objects.push({ num, gen: 0, value: acroForm });
    catalog.set('AcroForm', new PdfRef(num, 0));
  }

  // Embedded files in the same update, so this signature covers them.
  if (options.attachments && options.attachments.length > 0) {
    const namesValue = catalog.get('Names');
    const namesRef = namesValue instanceof PdfRef ? namesValue : undefined;
    const names = (base.dict(namesValue) ?? new PdfDict()).clone();
    const entries = nameTreeEntries(base, names.get('EmbeddedFiles'));
    for (const a of options.attachments) {
      if (entries.some(([k]) => k.text() === a.name)) throw new AppError('SIGNING_FAILED', `Lampiran tersemat "${a.name}" sudah ada di dokumen; pakai nama lain.`);
      const fileNum = alloc();
      const specNum = alloc();
      const ef = new PdfDict([
        ['Type', name('EmbeddedFile')],
        ['Params', new PdfDict([['Size', a.bytes.length]])],
      ]);
      if (a.mimeType) ef.set('Subtype', name(a.mimeType));
      objects.push({ num: fileNum, gen: 0, value: ef, stream: a.bytes });
      const spec = new PdfDict([
        ['Type', name('Filespec')],
        ['F', textString(a.name)],
        ['UF', textString(a.name)],
        ['EF', new PdfDict([['F', new PdfRef(fileNum, 0)]])],
        ['AFRelationship', name('Supplement')],
      ]);
      if (a.description) spec.set('Desc', textString(a.description));
      objects.push({ num: specNum, gen: 0, value: spec });
      entries.push([textString(a.name), new PdfRef(specNum, 0)]);
    }
    entries.sort((x, y) => Buffer.compare(Buffer.from(x[0].bytes), Buffer.from(y[0].bytes)));
    names.set('EmbeddedFiles', new PdfDict([['Names', entries.flat()]]));
    if (namesRef) objects.push({ num: namesRef.num, gen: genOf(namesRef), value: names });
    else catalog.set('Names', names);
  }
  objects.push({ num: base.root.num, gen: genOf(base.root), value: catalog });

  // Page gets the widget in /Annots.
  const page = base.dict(pageRef)!.clone();
  const oldAnnots = base.resolve(page.get('Annots'));
  page.set('Annots', [...(Array.isArray(oldAnnots) ? oldAnnots : []), new PdfRef(widgetNum, 0)]);
  objects.push({ num: pageRef.num, gen: genOf(pageRef), value: page });

  // Widget + appearance
  const signerName = options.signerName ?? commonNameOf(options.signer);
  const widget = new PdfDict([
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['FT', name('Sig')],
    ['T', textString(fieldName)],
    ['V', new PdfRef(sigNum, 0)],
    ['F', 132], // Print + Locked
    ['P', pageRef],
  ]);
  if (rect && rect.width > 0 && rect.height > 0) {
    widget.set('Rect', [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height]);
    const ap = buildAppearance({
      width: rect.width,
      height: rect.height,
      name: signerName,
      jabatan: options.jabatan ?? '',
      dateText: indonesianDate(options.clock, options.timeZone),
    });
    const apNum = alloc();
    const f1 = alloc();
    const f2 = alloc();
    objects.push({ num: f1, gen: 0, value: ap.fonts.regular });
    objects.push({ num: f2, gen: 0, value: ap.fonts.bold });
    const apDict = ap.dict.clone().set('Resources', new PdfDict([['Font', new PdfDict([['F1', new PdfRef(f1, 0)], ['F2', new PdfRef(f2, 0)]])]]));
    objects.push({ num: apNum, gen: 0, value: apDict, stream: ap.content });
    widget.set('AP', new PdfDict([['N', new PdfRef(apNum, 0)]]));
  } else {
    widget.set('Rect', [0, 0, 0, 0]);
  }
  objects.push({ num: widgetNum, gen: 0, value: widget });

  // Signature dictionary with placeholders
  const sig = new PdfDict([
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.CAdES.detached')],
    ['M', dateString(options.clock, options.timeZone ?? 'Asia/Jakarta')],
    ['Name', textString(signerName)],
  ]);
  if (options.reason) sig.set('Reason', textString(options.reason));
  if (options.location) sig.set('Location', textString(options.location));
  sig.set('ByteRange', new PdfRaw(BYTE_RANGE_PLACEHOLDER));
  sig.set('Contents', new PdfRaw(`<${'0'.repeat(contentsSize * 2)}>`));
  objects.push({ num: sigNum, gen: 0, value: sig });

  const built = buildIncrementalUpdate(base, objects, nextNum);
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
  const byteRangeText = `[0 ${pad(a)} ${pad(b)} ${pad(c)}]`;
  u.write(byteRangeText, brAt, 'latin1');

  const hash = createHash('sha256');
  hash.update(pdf);
  hash.update(u.subarray(0, contentsAt));
  hash.update(u.subarray(contentsAt + contentsSize * 2 + 2));
  const cms = await buildSignedData(new Uint8Array(hash.digest()), options.signer);
  if (cms.length > contentsSize) {
    throw new AppError(
      'SIGNATURE_TOO_LARGE',
      `Tanda tangan (${cms.length} byte) tidak muat di ruang yang disediakan (${contentsSize} byte); naikkan contentsSize.`,
    );
  }
  u.write(Buffer.from(cms).toString('hex').toUpperCase(), contentsAt + 1, 'latin1');

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
    fieldName,
    byteRange: [0, a, b, c],
    cmsSize: cms.length,
  };
}

