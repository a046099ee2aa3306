/**
 * What a template author meets when a file is wrong: Handlebars errors complete (excerpt, caret,
 * expectation) and at the line to fix, YAML errors in Indonesian at the right line (an unclosed quote
 * at its opening line, a misspelt key at the key) in document data, template.yaml and region profiles.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocumentData } from '../../src/compose/document-data.ts';
import { compileSource, createHandlebarsEnv } from '../../src/compose/handlebars-env.ts';
import { loadTemplate } from '../../src/compose/load-template.ts';
import { catchError } from './catch-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'naskah-template-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function compileError(source: string): { message: string; line?: number } {
  const err = catchError(() => compileSource(createHandlebarsEnv(), source, 'body.hbs'));
  expect(err.code).toBe('TEMPLATE_ERROR');
  expect(err.location.file).toBe('body.hbs');
  return { message: err.message, line: err.location.line };
}

describe('Handlebars errors, complete and at the line to fix', () => {
  it('a block left open is reported where it opens, not at the end of the file', () => {
    const e = compileError('<p>a</p>\n{{#each menimbang}}\n<p>{{this}}</p>\n<p>b</p>\n');
    expect(e).toEqual({ line: 2, message: 'blok {{#each}} yang dibuka di baris ini tidak ditutup; tambahkan {{/each}} di akhir bloknya' });
  });

  it('a closing tag without its opener, and one closing another block', () => {
    expect(compileError('<p>a</p>\n<p>b</p>\n{{/if}}\n')).toMatchObject({ line: 3, message: expect.stringContaining('{{/if}} menutup blok yang tidak pernah dibuka') });
    expect(compileError('<p>\n{{#if a}}x{{/each}}</p>')).toMatchObject({ line: 2, message: '{{/each}} tidak cocok dengan {{#if}} yang dibuka di baris 2; tutup {{#if}} dengan {{/if}}' });
  });

  it('any other syntax error keeps the excerpt, the caret and what was expected', () => {
    const e = compileError('<p>a</p>\n<p>{{ tentang }</p>\n');
    expect(e.line).toBe(2);
    // Handlebars' own excerpt (the 20 characters before, line breaks removed) and its caret.
    expect(e.message).toBe('kesalahan sintaks Handlebars: diharapkan }} atau ) atau nama atau teks dalam tanda kutip, ditemukan tanda yang tidak sah\n  ...a</p><p>{{ tentang }</p>\n  ----------------------^');
  });

  it('a partial that does not exist names where partials live, at its line', () => {
    const render = compileSource(createHandlebarsEnv(), '<p>a</p>\n{{> kopp}}\n', 'body.hbs');
    const err = catchError(() => render({}));
    expect(err).toMatchObject({ code: 'TEMPLATE_ERROR', location: { file: 'body.hbs', line: 2 } });
    expect(err.message).toContain('partial {{> kopp}} tidak ditemukan');
  });
});

describe('YAML errors in Indonesian at the right line', () => {
  it('an unclosed quote in document data points at the line that opens it', () => {
    const err = catchError(() => parseDocumentData('template: a\ntentang: "Tim Kerja\nnomor: 1\nmenimbang: [a]\n', 'd.yaml', work));
    expect(err).toMatchObject({ code: 'YAML_INVALID', location: { file: 'd.yaml', line: 2 } });
    expect(err.message).toBe('YAML tidak valid: tanda kutip " yang dibuka di baris ini tidak ditutup; tutup dengan " di akhir teksnya.');
  });

  it('tabs, bad indentation and a duplicate key, each at its line', () => {
    expect(catchError(() => parseDocumentData('template: a\ntentang:\n\tx: 1\n', 'd.yaml', work))).toMatchObject({ location: { line: 3 }, message: expect.stringContaining('tab tidak boleh') });
    expect(catchError(() => parseDocumentData('penandatangan:\n  nama: a\n nip: b\n', 'd.yaml', work))).toMatchObject({ location: { line: 3 }, message: expect.stringContaining('indentasi tidak konsisten') });
    expect(catchError(() => parseDocumentData('template: a\ntentang: x\ntentang: y\n', 'd.yaml', work))).toMatchObject({ location: { line: 3 }, message: expect.stringContaining('sudah ditulis sebelumnya') });
  });

  it('a misspelt key in template.yaml is reported at that key, first', () => {
    const dir = mkdtempSync(path.join(work, 'tpl-'));
    for (const f of ['daerah', 'partials', 'keputusan-kepala-daerah']) cpSync(path.join(ROOT, 'templates', f), path.join(dir, f), { recursive: true });
    const file = path.join(dir, 'keputusan-kepala-daerah/template.yaml');
    const text = readFileSync(file, 'utf8').replace('required:', 'requried:');
    writeFileSync(file, text);
    const err = catchError(() => loadTemplate(dir, 'keputusan-kepala-daerah', 'prov-ntt'));
    expect(err).toMatchObject({ code: 'TEMPLATE_INVALID', location: { file, field: 'requried', line: text.split('\n').findIndex((l) => l.startsWith('requried:')) + 1 } });
    expect(err.message).toBe('kunci tidak dikenal: requried');
  });

  it('an unclosed quote in a region profile points at its line too', () => {
    const dir = mkdtempSync(path.join(work, 'tpl-'));
    for (const f of ['daerah', 'partials', 'keputusan-kepala-daerah']) cpSync(path.join(ROOT, 'templates', f), path.join(dir, f), { recursive: true });
    const file = path.join(dir, 'daerah/prov-ntt.yaml');
    const text = readFileSync(file, 'utf8').replace('place: Kupang', "place: 'Kupang");
    writeFileSync(file, text);
    const err = catchError(() => loadTemplate(dir, 'keputusan-kepala-daerah', 'prov-ntt'));
    expect(err).toMatchObject({ code: 'TEMPLATE_INVALID', location: { file, line: text.split('\n').findIndex((l) => l.startsWith('place:')) + 1 } });
  });
});
