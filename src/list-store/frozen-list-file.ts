/**
 * The frozen approved list: `daftar/<sha256>.csv` in the data directory, the file a participant
 * decree's lampiran streams (columns nik, no_kk, nama, tanggal_lahir, jenis_kelamin, kabupaten_kota),
 * named by the content hash of the list (approve-within-quota's canonical form). Written as the
 * approval takes rows — buffered, with backpressure — while the hash is computed, to a pending name
 * that is renamed once the hash is known; never more than a buffer of it in memory.
 * May import: participants (canonical hash), Node built-ins.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { ApprovedListHasher } from '../participants/approve-within-quota.ts';
import type { ParticipantRow } from '../participants/validate-roster.ts';

export const FROZEN_LIST_DIR = 'daftar';
const HEADER = 'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kabupaten_kota';

function quote(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line of the frozen list (dates as dd-mm-yyyy, the way lists are typed). */
export function approvedListCsvLine(p: ParticipantRow): string {
  const iso = p.tanggalLahir;
  const dmy = `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
  return [p.nik, p.noKk ?? '', p.nama, dmy, p.jenisKelamin, p.kabupatenKota ?? ''].map(quote).join(',');
}

/** The whole frozen list as text, for small lists built in memory (tests, examples). */
export function approvedListCsv(approved: readonly ParticipantRow[]): string {
  return `${[HEADER, ...approved.map(approvedListCsvLine)].join('\n')}\n`;
}

export interface FrozenList {
  readonly contentHash: string;
  /** Relative to the data directory: `daftar/<hash>.csv`. */
  readonly listFile: string;
  readonly count: number;
}

export class FrozenListWriter {
  private readonly hasher = new ApprovedListHasher();
  private buffer: string;

  private constructor(
    private readonly dataDir: string,
    private readonly pendingPath: string,
    private readonly out: WriteStream,
  ) {
    this.buffer = `${HEADER}\n`;
  }

  static async open(dataDir: string): Promise<FrozenListWriter> {
    const dir = path.join(dataDir, FROZEN_LIST_DIR);
    await mkdir(dir, { recursive: true });
    const pendingPath = path.join(dir, `.pending-${randomBytes(8).toString('hex')}.csv`);
    return new FrozenListWriter(dataDir, pendingPath, createWriteStream(pendingPath));
  }

  /** Appends a participant (in approval order); resolves at once unless the disk is behind. */
  async add(p: ParticipantRow): Promise<void> {
    this.hasher.add(p);
    this.buffer += `${approvedListCsvLine(p)}\n`;
    if (this.buffer.length >= 1 << 16) await this.flush();
  }

  get count(): number {
    return this.hasher.size;
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Closes the file and gives it its name, `daftar/<hash>.csv` (the same bytes if it exists already). */
  async finish(): Promise<FrozenList> {
    this.out.end(this.buffer);
    this.buffer = '';
    await finished(this.out);
    const contentHash = this.hasher.digest();
    const listFile = path.join(FROZEN_LIST_DIR, `${contentHash}.csv`);
    await rename(this.pendingPath, path.join(this.dataDir, listFile));
    return { contentHash, listFile, count: this.hasher.size };
  }

  /** Drops the unfinished file. */
  async discard(): Promise<void> {
    this.out.destroy();
    await rm(this.pendingPath, { force: true });
  }
}
