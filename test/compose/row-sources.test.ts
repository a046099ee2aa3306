import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRowSource } from '../../src/compose/row-sources.ts';
import { AppError } from '../../src/errors/app-error.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'naskah-row-sources-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const where = { file: 'data.yaml', line: 7, field: 'sumber.peserta' };

async function records(name: string, content: string | Buffer): Promise<Record<string, string>[]> {
  writeFileSync(path.join(dir, name), content);
  const out: Record<string, string>[] = [];
  for await (const r of createRowSource({ berkas: name }, dir, where).records()) out.push({ ...r });
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('CSV row sources', () => {
  it('keys cells by the header, trims them, skips blank lines, keeps quoted delimiters and line breaks', async () => {
    const got = await records('a.csv', 'nik,nama,alamat\n5371012403800001, Yohanes Ndun ,"Jl. El Tari, RT 1"\n\n5371016403850002,Maria,"baris satu\nbaris dua"\n');
    expect(got).toEqual([
      { nik: '5371012403800001', nama: 'Yohanes Ndun', alamat: 'Jl. El Tari, RT 1' },
      { nik: '5371016403850002', nama: 'Maria', alamat: 'baris satu\nbaris dua' },
    ]);
  });

  it('reads what Excel writes elsewhere: semicolons, a BOM and CRLF, or Windows-1252', async () => {
    expect(await records('b.csv', '\uFEFFnik;nama\r\n5371012403800001;Hélène\r\n')).toEqual([{ nik: '5371012403800001', nama: 'Hélène' }]);
    expect(await records('c.csv', Buffer.from('nik,nama\n5371012403800001,Jürgen\n', 'latin1'))).toEqual([{ nik: '5371012403800001', nama: 'Jürgen' }]);
  });

  it('refuses a row with fewer cells than the header — a junk line too — naming the row and the first missing column', async () => {
    const short = await rejection(records('d.csv', 'nik,nama,alamat\n5371012403800001,Yohanes,Kupang\n5371012403800002,Maria\n'));
    expect(short).toMatchObject({ code: 'SOURCE_NOT_FOUND', location: { file: 'data.yaml', row: 3, field: 'alamat' } });
    expect(short.message).toContain('"d.csv" baris 3 berisi 2 kolom, sedangkan headernya 3');
    const junk = await rejection(records('d2.csv', 'nik,nama,alamat\n5371012403800001,Yohanes,Kupang\n\nJumlah: 1 orang\n'));
    expect(junk).toMatchObject({ location: { row: 4, field: 'nama' } });
  });

  it('refuses a row with more filled cells than headers; empty cells after the last column are a trailing delimiter', async () => {
    expect(await records('e0.csv', 'nik,nama\n5371012403800001,Yohanes,\n')).toEqual([{ nik: '5371012403800001', nama: 'Yohanes' }]);
    const error = await rejection(records('e.csv', 'nik,nama\n5371012403800001,Yohanes\n5371012403800002,Maria,Kupang\n'));
    expect(error).toMatchObject({ code: 'SOURCE_NOT_FOUND', location: { file: 'data.yaml', row: 3 } });
    expect(error.message).toContain('"e.csv" baris 3 berisi 3 kolom');
  });

  it('an unclosed quote is SOURCE_NOT_FOUND naming the CSV file and its line', async () => {
    const error = await rejection(records('f.csv', 'nik,nama\n5371012403800001,Yohanes\n5371012403800002,"Maria\n'));
    expect(error).toMatchObject({ code: 'SOURCE_NOT_FOUND', location: { file: path.join(dir, 'f.csv'), line: 3 } });
    expect(error.message).toContain('tanda kutip');
  });

  it('an empty file has no records', async () => {
    expect(await records('g.csv', '')).toEqual([]);
  });

  it('a file pinned by its SHA-256 reads when the bytes match and is refused, naming both hashes, when one byte differs', async () => {
    const text = 'nik,nama\n5371012403800001,Yohanes\n';
    writeFileSync(path.join(dir, 'h.csv'), text);
    const sha256 = createHash('sha256').update(text).digest('hex');
    const read = async (): Promise<number> => {
      let n = 0;
      for await (const _ of createRowSource({ berkas: 'h.csv', sha256 }, dir, where).records()) n++;
      return n;
    };
    expect(await read()).toBe(1);
    writeFileSync(path.join(dir, 'h.csv'), text.replace('Yohanes', 'Yohanis'));
    const error = await rejection(read());
    expect(error).toMatchObject({ code: 'SOURCE_NOT_FOUND', location: { file: 'data.yaml', field: 'sumber.peserta' } });
    expect(error.message).toContain(sha256);
    expect(error.message).toContain(createHash('sha256').update(text.replace('Yohanes', 'Yohanis')).digest('hex'));
  });

  it('a frozen list named by the SHA-256 of its bytes alone resolves to daftar/<sha256>.csv', async () => {
    const text = 'nik,nama\n5371012403800001,Yohanes\n5371012403800002,Maria\n';
    const sha256 = createHash('sha256').update(text).digest('hex');
    mkdirSync(path.join(dir, 'daftar'), { recursive: true });
    writeFileSync(path.join(dir, 'daftar', `${sha256}.csv`), text);
    const rows: Record<string, string>[] = [];
    for await (const r of createRowSource({ daftar: sha256 }, dir, where).records()) rows.push({ ...r });
    expect(rows.map((r) => r.nama)).toEqual(['Yohanes', 'Maria']);
    const missing = 'a'.repeat(64);
    expect(() => createRowSource({ daftar: missing }, dir, where)).toThrow(expect.objectContaining({ code: 'SOURCE_NOT_FOUND', message: expect.stringContaining(`daftar/${missing}.csv`) }));
  });
});
