/**
 * Rewrites the zip the docx Packer produced: every entry is copied (content types and package
 * relationships first, the rest in their original order) with a fixed
 * timestamp (so equal documents give equal bytes), except entries the caller replaces — with new bytes
 * or with a stream (word/document.xml carrying a large table). Uses yauzl to read and yazl to write.
 * Imports nothing from the project but the error type.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { AppError } from '../../errors/app-error.ts';

/** New content for an entry; undefined keeps it as it was. */
export type EntryReplacement = (name: string, data: Buffer) => Buffer | Readable | undefined;

// Local time fields, so the DOS date written is the same in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export async function readZipEntries(zip: Uint8Array): Promise<{ name: string; data: Buffer }[]> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength), { lazyEntries: true }, (err, file) =>
      err || !file ? reject(err ?? new Error('no zip')) : resolve(file),
    );
  });
  const entries: { name: string; data: Buffer }[] = [];
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    archive.on('end', () => resolve());
    archive.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        archive.readEntry();
        return;
      }
      archive.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          reject(err ?? new Error(`cannot read ${entry.fileName}`));
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
          archive.readEntry();
        });
      });
    });
    archive.readEntry();
  });
  return entries;
}

/**
 * Writes the rewritten zip to `output` (which is ended when done) and returns undefined, or returns its
 * bytes when no output is given.
 */
export async function rezip(
  zip: Uint8Array,
  replace: EntryReplacement,
  output?: NodeJS.WritableStream,
): Promise<Uint8Array | undefined> {
  let entries: { name: string; data: Buffer }[];
  try {
    entries = await readZipEntries(zip);
  } catch (cause) {
    throw new AppError('INTERNAL', 'Berkas DOCX sementara dari pustaka docx tidak dapat dibaca ulang; laporkan ke pengembang naskah.', { cause });
  }
  // [Content_Types].xml and the package relationships first, as Word writes them: tools that sniff a
  // file's type (file(1), mail filters) look at the first entry.
  const rank = (name: string): number => (name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : 2);
  entries = entries.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e.name) - rank(b.e.name) || a.i - b.i).map(({ e }) => e);
  const out = new yazl.ZipFile();
  const entryOptions = { mtime: FIXED_MTIME, forceDosTimestamp: true, compress: true, mode: 0o100644 } as const;
  for (const { name, data } of entries) {
    const next = replace(name, data) ?? data;
    if (Buffer.isBuffer(next)) out.addBuffer(next, name, entryOptions);
    else {
      // A failing source (e.g. a row iterator that throws) must fail the whole write, not stall it.
      next.on('error', (error) => (out.outputStream as Readable).destroy(error));
      out.addReadStream(next, name, entryOptions);
    }
  }
  out.end();
  if (output) {
    await pipeline(out.outputStream, output as Writable);
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream as Readable) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
