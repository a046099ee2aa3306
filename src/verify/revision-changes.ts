/**
 * What later incremental updates changed after a signed revision: adding signatures, their widgets and
 * appearances, form fields and embedded files is allowed; changing page content, adding pages or
 * other annotations (which can hide or overlay signed text) is reported. Pure over a PdfStructure;
 * imports the sign module's reader and object types.
 */
import { PdfDict, PdfName, PdfRef, type PdfValue } from '../pdf/pdf-objects.ts';
import { serialize } from '../pdf/pdf-syntax.ts';
import { readPdfStructure, type PdfStructure } from '../pdf/pdf-reader.ts';

const CATALOG_MAY_CHANGE = new Set(['AcroForm', 'Names', 'DSS', 'Extensions']);
const PAGE_MAY_CHANGE = new Set(['Annots']);

function without(d: PdfDict, keys: ReadonlySet<string>): string {
  return serialize(new PdfDict([...d.entries].filter(([k]) => !keys.has(k))));
}

function sameObject(a: PdfStructure, b: PdfStructure, num: number): boolean {
  const x = a.object(num);
  const y = b.object(num);
  if (serialize(x.value) !== serialize(y.value)) return false;
  if (!x.stream || !y.stream) return !x.stream && !y.stream;
  return Buffer.from(a.bytes.subarray(x.stream.start, x.stream.end)).equals(Buffer.from(b.bytes.subarray(y.stream.start, y.stream.end)));
}

const typeOf = (d: PdfDict | undefined) => {
  const t = d?.get('Type');
  return t instanceof PdfName ? t.name : undefined;
};

const refKeys = (v: PdfValue | undefined, pdf: PdfStructure): string[] => {
  const arr = pdf.resolve(v);
  return Array.isArray(arr) ? arr.filter((x): x is PdfRef => x instanceof PdfRef).map((r) => r.key()) : [];
};

/** Problems (Indonesian) with what was changed after the revision ending at `revisionEnd`. */
export function changesAfterRevision(final: PdfStructure, revisionEnd: number, label: string): string[] {
  if (revisionEnd >= final.bytes.length) return [];
  const before = readPdfStructure(final.bytes.subarray(0, revisionEnd));
  const problems: string[] = [];
  const beforePages = before.pageRefs();
  const afterPages = final.pageRefs();
  if (beforePages.map((r) => r.key()).join() !== afterPages.map((r) => r.key()).join()) {
    problems.push(`susunan halaman diubah setelah ${label} (${beforePages.length} → ${afterPages.length} halaman)`);
  }
  const pageNums = new Set(afterPages.map((r) => r.num));
  const acroFormRef = final.catalog().get('AcroForm');
  const allowedHolders = new Set<number>();
  if (acroFormRef instanceof PdfRef) allowedHolders.add(acroFormRef.num);
  const namesRef = final.catalog().get('Names');
  if (namesRef instanceof PdfRef) allowedHolders.add(namesRef.num);

  for (const [num, entry] of final.offsets) {
    const old = before.offsets.get(num);
    if (!old) continue; // added objects are judged through the annotations that use them
    if (old.offset === entry.offset && old.inStream === entry.inStream) continue;
    if (sameObject(before, final, num)) continue;
    const now = final.dict(new PdfRef(num, entry.gen));
    const was = before.dict(new PdfRef(num, old.gen));
    if (num === final.root.num && now && was) {
      if (without(now, CATALOG_MAY_CHANGE) !== without(was, CATALOG_MAY_CHANGE)) problems.push(`katalog dokumen diubah setelah ${label}`);
      continue;
    }
    if (pageNums.has(num) && now && was) {
      if (without(now, PAGE_MAY_CHANGE) !== without(was, PAGE_MAY_CHANGE)) problems.push(`halaman ${afterPages.findIndex((r) => r.num === num) + 1} diubah setelah ${label}`);
      continue;
    }
    if (allowedHolders.has(num) || typeOf(now) === 'Filespec') continue;
    const value = final.object(num).value;
    const oldValue = before.object(num).value;
    // An /Annots or /Fields array held indirectly may only grow.
    if (Array.isArray(value) && Array.isArray(oldValue)) {
      const kept = new Set(value.map((v) => serialize(v)));
      if (oldValue.every((v) => kept.has(serialize(v)))) continue;
    }
    problems.push(`objek ${num}${typeOf(now) ? ` (${typeOf(now)})` : ''} diubah setelah ${label}`);
  }

  afterPages.forEach((ref, i) => {
    const beforeRef = beforePages.find((r) => r.num === ref.num);
    const had = new Set(beforeRef ? refKeys(before.dict(beforeRef)?.get('Annots'), before) : []);
    for (const key of refKeys(final.dict(ref)?.get('Annots'), final)) {
      if (had.has(key)) continue;
      const [n, g] = key.split(' ').map(Number) as [number, number];
      const annot = final.dict(new PdfRef(n, g));
      const subtype = annot?.get('Subtype');
      const ft = annot?.get('FT');
      const isSignatureWidget = subtype instanceof PdfName && subtype.name === 'Widget' && ft instanceof PdfName && ft.name === 'Sig';
      if (!isSignatureWidget) problems.push(`anotasi ${subtype instanceof PdfName ? subtype.name : '?'} ditambahkan di halaman ${i + 1} setelah ${label}`);
    }
  });
  return problems;
}
