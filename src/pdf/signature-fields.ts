/**
 * Signature dictionaries in a PDF: those the AcroForm's signature fields refer to (with their full
 * field names), and every one any revision defines (found by scanning, so a signature whose field was
 * removed is still found). The scan parses only objects whose bytes hold "/ByteRange" and objects in
 * object streams. Shared by the signer (collecting validation data) and the verifier.
 * Imports the PDF core.
 */
import { PdfDict, PdfRef, PdfString, nameOf, type PdfValue } from './pdf-objects.ts';
import type { IndirectObject, PdfStructure, PdfView } from './pdf-reader.ts';

/** A signature dictionary: /Type /Sig or /DocTimeStamp, or the keys every signature value has. */
export function isSignatureDict(d: PdfDict | undefined, view: PdfView): boolean {
  if (!d) return false;
  const type = nameOf(d.get('Type'));
  if (type === 'Sig' || type === 'DocTimeStamp') return true;
  return d.has('ByteRange') && d.has('Contents') && view.resolve(d.get('Filter')) !== undefined;
}

function tryObject(view: PdfView, num: number): IndirectObject | undefined {
  try {
    return view.object(num);
  } catch {
    return undefined;
  }
}

/** Signature dictionaries in `view` reachable through the AcroForm fields, with their full field names. */
export function signatureFields(view: PdfView): Map<number | PdfDict, string> {
  const out = new Map<number | PdfDict, string>();
  const fields = view.resolve(view.dict(view.catalog().get('AcroForm'))?.get('Fields'));
  const seen = new Set<number>();
  const walk = (v: PdfValue, prefix: string, inheritedFt: string | undefined, depth: number): void => {
    if (depth > 32) return;
    if (v instanceof PdfRef) {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    let d: PdfDict | undefined;
    try {
      d = view.dict(v);
    } catch {
      d = undefined;
    }
    if (!d) return;
    const t = d.get('T');
    const partial = t instanceof PdfString ? t.text() : '';
    const full = partial === '' ? prefix : prefix === '' ? partial : `${prefix}.${partial}`;
    const ft = nameOf(d.get('FT')) ?? inheritedFt;
    const value = d.get('V');
    if (ft === 'Sig' && value !== undefined) {
      if (value instanceof PdfRef) out.set(value.num, full);
      else if (value instanceof PdfDict) out.set(value, full);
    }
    const kids = view.resolve(d.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) walk(k, full, ft, depth + 1);
  };
  if (Array.isArray(fields)) for (const f of fields) walk(f, '', undefined, 0);
  return out;
}

/** Every object any revision defines that is a signature dictionary: number, revision, dictionary. */
export function scanSignatureDictionaries(pdf: PdfStructure): Array<{ num: number; revision: number; dict: PdfDict; object: IndirectObject }> {
  const out: Array<{ num: number; revision: number; dict: PdfDict; object: IndirectObject }> = [];
  const seenOffsets = new Set<string>();
  // Only objects whose bytes hold a /ByteRange key (or that sit in an object stream) can be signature
  // values: a whole-file search narrows thousands of objects to a few, before any parsing.
  const bytes = Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength);
  const hits: number[] = [];
  for (let at = bytes.indexOf('/ByteRange'); at >= 0; at = bytes.indexOf('/ByteRange', at + 10)) hits.push(at);
  const starts = [...new Set(pdf.revisions.flatMap((r) => [...r.entries.values()].filter((e) => !('free' in e) && e.inStream === undefined).map((e) => (e as { offset: number }).offset)))].sort((a, b) => a - b);
  const candidates = new Set<number>();
  for (const h of hits) {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= h) {
        found = starts[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0) candidates.add(found);
  }
  for (const rev of pdf.revisions) {
    const view = pdf.at(rev.index);
    for (const [num, e] of rev.entries) {
      if ('free' in e) continue;
      if (e.inStream === undefined && !candidates.has(e.offset)) continue;
      const key = e.inStream !== undefined ? `s${e.inStream}:${e.index}` : `o${e.offset}`;
      if (seenOffsets.has(key)) continue;
      seenOffsets.add(key);
      const obj = tryObject(view, num);
      const d = obj?.value instanceof PdfDict && !obj.stream ? obj.value : undefined;
      if (d && obj && isSignatureDict(d, view) && d.has('ByteRange')) out.push({ num, revision: rev.index, dict: d, object: obj });
    }
  }
  return out;
}
