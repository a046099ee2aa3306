/**
 * A draft's data file as the workflow sees it: parsed YAML, its content hash (sha256 of the canonical
 * JSON of the data — what every paraf and the signature are bound to) and the subject line.
 * Imports: yaml, audit/canonical-json, errors.
 */
import { parseDocument } from 'yaml';
import { canonicalHash } from '../audit/canonical-json.ts';
import { AppError } from '../errors/app-error.ts';

export interface DocumentData {
  readonly data: Readonly<Record<string, unknown>>;
  readonly contentHash: string;
  readonly tentang: string | null;
  readonly klasifikasi: string | null;
}

export function parseDocumentData(yamlText: string, file?: string): DocumentData {
  const doc = parseDocument(yamlText);
  const first = doc.errors[0];
  if (first) {
    throw new AppError('YAML_INVALID', `Berkas data bukan YAML yang sah: ${first.message.split('\n')[0]}`, { file, line: first.linePos?.[0]?.line, column: first.linePos?.[0]?.col });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AppError('DOCUMENT_INVALID', 'Berkas data harus berupa pemetaan YAML (kunci: nilai) di tingkat teratas.', { file });
  }
  let contentHash: string;
  try {
    contentHash = canonicalHash(data);
  } catch (cause) {
    throw new AppError('DOCUMENT_INVALID', `Berkas data memuat nilai yang tidak dapat di-hash: ${(cause as Error).message}`, { file, cause });
  }
  const record = data as Record<string, unknown>;
  return { data: record, contentHash, tentang: findString(record, 'tentang'), klasifikasi: findString(record, 'klasifikasi') };
}

/** First string under `key`, breadth-first, so a top-level "tentang" wins over a nested one. */
function findString(root: Record<string, unknown>, key: string): string | null {
  const queue: unknown[] = [root];
  while (queue.length > 0) {
    const node = queue.shift();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) continue; // lists hold rows and items, not the document's own fields
    const rec = node as Record<string, unknown>;
    const v = rec[key];
    if (typeof v === 'string' && v.trim() !== '') return v.replace(/\s+/g, ' ').trim();
    if (typeof v === 'number') return String(v);
    for (const child of Object.values(rec)) if (typeof child === 'object' && child !== null) queue.push(child);
  }
  return null;
}
