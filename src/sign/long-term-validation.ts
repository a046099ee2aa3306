/**
 * What makes signatures last (PAdES B-LT and B-LTA), each as one more incremental update:
 * - appendDss: the Document Security Store (ISO 32000-2 12.8.4.3) with the certificates, CRLs and OCSP
 *   responses needed to validate the signatures later, and a VRI entry per signature (key: SHA-1 of
 *   its /Contents); an existing DSS is extended, never replaced.
 * - appendDocumentTimestamp: a /DocTimeStamp signature (ETSI.RFC3161) whose token covers the whole file.
 * Imports the PDF core, the field machinery of sign-pdf and the TSA interface.
 */
import { createHash } from 'node:crypto';
import { buildIncrementalUpdate, UpdateObjects } from '../pdf/incremental-update.ts';
import { PdfDict, PdfRef, PdfString, name, type PdfValue } from '../pdf/pdf-objects.ts';
import { readPdfStructure } from '../pdf/pdf-reader.ts';
import { scanSignatureDictionaries } from '../pdf/signature-fields.ts';
import { certificateInfo } from '../pki/certificate-info.ts';
import { parseCms } from '../pki/cms-verify.ts';
import { OID } from '../pki/oids.ts';
import { embedSignature, prepareSignatureUpdate, type SignPdfResult } from './sign-pdf.ts';
import type { TimestampAuthority } from './timestamp-authority.ts';
import { certificatesInSignatures, type ValidationDataSource } from './validation-data.ts';

export interface DssMaterial {
  readonly certificates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly ocsps: readonly Uint8Array[];
  /** /Contents bytes of the signatures this material validates (one VRI entry each). */
  readonly signatures?: readonly Uint8Array[];
}

const sha = (b: Uint8Array, h = 'sha256') => createHash(h).update(b).digest('hex');

/** Appends a DSS update; returns the whole new file. */
export function appendDss(pdf: Uint8Array, material: DssMaterial): Uint8Array {
  const base = readPdfStructure(pdf);
  const objects = new UpdateObjects(base);
  const catalog = base.catalog().clone();
  const old = base.dict(catalog.get('DSS'));
  const dss = (old ?? new PdfDict([['Type', name('DSS')]])).clone();
  // Existing entries are kept; new data only when not there already (by content).
  const add = (key: 'Certs' | 'CRLs' | 'OCSPs', items: readonly Uint8Array[]): PdfRef[] => {
    const existing = base.resolve(dss.get(key));
    const list: PdfValue[] = Array.isArray(existing) ? [...existing] : [];
    const have = new Map<string, PdfRef>();
    for (const r of list) {
      if (!(r instanceof PdfRef)) continue;
      try {
        have.set(sha(base.streamData(r)), r);
      } catch {
        /* an unreadable entry stays as it was */
      }
    }
    const refs: PdfRef[] = [];
    for (const item of items) {
      const hit = have.get(sha(item));
      if (hit) {
        refs.push(hit);
        continue;
      }
      const num = objects.alloc();
      objects.writeStream(num, new PdfDict(), item);
      const ref = new PdfRef(num, 0);
      have.set(sha(item), ref);
      list.push(ref);
      refs.push(ref);
    }
    if (list.length > 0) dss.set(key, list);
    return refs;
  };
  const certs = add('Certs', material.certificates);
  const crls = add('CRLs', material.crls);
  const ocsps = add('OCSPs', material.ocsps);
  if (material.signatures && material.signatures.length > 0) {
    const vri = (base.dict(dss.get('VRI')) ?? new PdfDict()).clone();
    for (const contents of material.signatures) {
      const entry = new PdfDict([['Type', name('VRI')]]);
      if (certs.length > 0) entry.set('Cert', certs);
      if (crls.length > 0) entry.set('CRL', crls);
      if (ocsps.length > 0) entry.set('OCSP', ocsps);
      vri.set(sha(contents, 'sha1').toUpperCase(), entry);
    }
    dss.set('VRI', vri);
  }
  const dssValue = catalog.get('DSS');
  if (dssValue instanceof PdfRef) objects.writeObject(dssValue.num, dss, base.entry(dssValue.num)?.gen ?? 0);
  else {
    const num = objects.alloc();
    objects.writeObject(num, dss);
    catalog.set('DSS', new PdfRef(num, 0));
    // ETSI's extension marker for PAdES (ESIC), as readers expect beside a DSS.
    const extensions = (base.dict(catalog.get('Extensions')) ?? new PdfDict()).clone();
    extensions.set('ESIC', new PdfDict([['BaseVersion', name('1.7')], ['ExtensionLevel', 1]]));
    catalog.set('Extensions', extensions);
    objects.writeObject(base.root.num, catalog, base.entry(base.root.num)?.gen ?? 0);
  }
  const update = buildIncrementalUpdate(base, objects.objects, objects.size);
  const out = new Uint8Array(pdf.length + update.bytes.length);
  out.set(pdf, 0);
  out.set(update.bytes, pdf.length);
  return out;
}

/** Appends a document time stamp over the whole file (PAdES B-LTA). */
export async function appendDocumentTimestamp(pdf: Uint8Array, tsa: TimestampAuthority, options: { readonly clock: Date; readonly contentsSize?: number } = { clock: new Date() }): Promise<SignPdfResult> {
  const base = readPdfStructure(pdf);
  const sig = new PdfDict([
    ['Type', name('DocTimeStamp')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.RFC3161')],
  ]);
  const prepared = prepareSignatureUpdate(base, { namePrefix: 'Stempel Waktu', signatureDict: sig, clock: options.clock });
  return embedSignature(pdf, base, prepared, options.contentsSize ?? 16384, (digest) => tsa.timestamp(digest));
}

/** A DSS with the validation data of every signature and time stamp in `pdf`, as of `at`. */
export async function addValidationData(pdf: Uint8Array, source: ValidationDataSource, at: Date): Promise<Uint8Array> {
  const { certificates, contents } = certificatesInSignatures(readPdfStructure(pdf));
  const data = await source.collect(certificates, at);
  return appendDss(pdf, { certificates: [...certificates.map((c) => new Uint8Array(c.raw)), ...data.certificates], crls: data.crls, ocsps: data.ocsps, signatures: contents });
}

export interface LongTermOptions {
  readonly tsa: TimestampAuthority;
  readonly validationData?: ValidationDataSource;
  /** The signing time (the document time stamp's field is dated with it). */
  readonly clock: Date;
  /** When validation data is gathered: now (revocation data is only ever issued now). */
  readonly now?: () => Date;
}

/**
 * B-LT then B-LTA: the validation data of what is signed now (DSS), then a document time stamp over
 * everything. Run again before the last time stamp's TSA certificate expires to keep it verifiable.
 */
export async function extendForLongTerm(pdf: Uint8Array, options: LongTermOptions): Promise<Uint8Array> {
  const withData = options.validationData ? await addValidationData(pdf, options.validationData, (options.now ?? (() => new Date()))()) : pdf;
  return (await appendDocumentTimestamp(withData, options.tsa, { clock: options.clock })).bytes;
}

/**
 * When the newest time stamp of `pdf` stops being checkable: the expiry of its TSA certificate (a
 * document time stamp, else the last signature's own time stamp). Undefined without any time stamp.
 */
export function newestTimestampExpiry(pdf: Uint8Array): { expires: Date; kind: 'document' | 'signature' } | undefined {
  const structure = readPdfStructure(pdf);
  let newest: { end: number; token: Uint8Array; kind: 'document' | 'signature' } | undefined;
  for (const s of scanSignatureDictionaries(structure)) {
    const contents = s.dict.get('Contents');
    const br = s.dict.get('ByteRange');
    if (!(contents instanceof PdfString) || !Array.isArray(br) || br.length !== 4) continue;
    const end = (br[2] as number) + (br[3] as number);
    let token: Uint8Array | undefined;
    let kind: 'document' | 'signature' = 'document';
    try {
      const cms = parseCms(contents.bytes);
      if (cms.contentType === OID.tstInfo) token = contents.bytes;
      else {
        const attr = cms.unsignedAttributes.find((a) => a.oid === OID.signatureTimeStampToken)?.values[0];
        if (attr) token = attr.bytes.subarray(attr.start, attr.end);
        kind = 'signature';
      }
    } catch {
      continue;
    }
    if (token && (!newest || end > newest.end)) newest = { end, token, kind };
  }
  if (!newest) return undefined;
  const tsa = parseCms(newest.token).signerCertificate;
  return tsa ? { expires: certificateInfo(tsa).notAfter, kind: newest.kind } : undefined;
}
