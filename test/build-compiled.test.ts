import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the binary, no declarations
import { buildState, STAMP_FILE } from '../bin/build-state.mjs';
import { COMMANDS, requestedCommand } from '../src/cli/commands/index.ts';
import type { CliContext } from '../src/cli/cli-context.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-build-test-'));
// One level below the root, like dist/: modules resolve templates, fonts and migrations as from dist/.
const out = path.join(ROOT, `.dist-test-${process.pid}`);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Runs the compiled CLI under plain node: no tsx, no loader. */
function compiled(args: string[], extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  delete env.DATABASE_URL;
  const entry = path.join(work, 'entry.mjs');
  writeFileSync(entry, `const { main } = await import(${JSON.stringify(path.join(out, 'cli', 'main.js'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: ROOT, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the compiled start', () => {
  it('builds src/ to JavaScript that runs under plain node: help, render (templates and fonts), db migrate (migrations), iuran (program config)', () => {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--out-dir', out, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const files = allFiles(out);
    expect(files.some((f) => f.endsWith(path.join('cli', 'main.js')))).toBe(true);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    // every relative import specifier was rewritten to .js
    const tsSpecifiers = files.filter((f) => f.endsWith('.js')).filter((f) => /from\s+["']\.{1,2}\/[^"']+\.ts["']|import\(["']\.{1,2}\/[^"']+\.ts["']\)/.test(readFileSync(f, 'utf8')));
    expect(tsSpecifiers).toEqual([]);
    const stamp = JSON.parse(readFileSync(path.join(out, STAMP_FILE), 'utf8')) as { files: number };
    expect(stamp.files).toBeGreaterThan(100);

    const help = compiled(['--help']);
    expect(help.status).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(c.name);

    const rendered = compiled(['render', 'examples/keputusan-gubernur-ntt-99-2025.yaml', '--out', path.join(work, 'render')]);
    expect(rendered.status, rendered.stderr).toBe(0);
    expect(rendered.stdout).toMatch(/PDF\s*: .*keputusan-gubernur-ntt-99-2025\.pdf \(\d+ halaman\)/);

    const dataDir = path.join(work, 'data');
    const migrated = compiled(['db', 'migrate'], { NASKAH_DATA_DIR: dataDir });
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('0001_init');

    const iuran = compiled(['participants', 'iuran', 'examples/peserta-tkk-bekasi.csv', '--year', '2025', '--quiet']);
    expect(iuran.status, iuran.stderr).toBe(0);
    expect(iuran.stdout).toMatch(/^JUMLAH\s+\d+/m);
  }, 120_000);
});

describe('whether dist/ is current', () => {
  function project(): string {
    const root = mkdtempSync(path.join(work, 'project-'));
    mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'export {};\n');
    writeFileSync(path.join(root, 'src', 'a.ts'), 'export {};\n');
    const past = new Date(Date.now() - 60_000);
    for (const f of ['src/cli/main.ts', 'src/a.ts']) utimesSync(path.join(root, f), past, past);
    return root;
  }
  const stampOf = (root: string, files: number, newestMs: number): void => writeFileSync(path.join(root, 'dist', STAMP_FILE), JSON.stringify({ files, newestMs }));

  it('is fresh after a build, stale when a source is edited, added or removed, missing without a stamp', () => {
    const root = project();
    expect(buildState(root).state).toBe('missing');
    stampOf(root, 2, Date.now() - 30_000);
    expect(buildState(root).state).toBe('fresh');
    writeFileSync(path.join(root, 'src', 'a.ts'), 'export const edited = 1;\n');
    expect(buildState(root)).toMatchObject({ state: 'stale' });
    stampOf(root, 2, Date.now() + 1000);
    expect(buildState(root).state).toBe('fresh');
    writeFileSync(path.join(root, 'src', 'b.ts'), 'export {};\n');
    utimesSync(path.join(root, 'src', 'b.ts'), new Date(0), new Date(0));
    expect(buildState(root)).toMatchObject({ state: 'stale', reason: expect.stringContaining('3 berkas sumber') });
    rmSync(path.join(root, 'src'), { recursive: true });
    expect(buildState(root).state).toBe('compiled-only');
  });
});

describe('the command list', () => {
  it("names every command with the summary its module gives, and finds the command an argument list asks for", async () => {
    const ctx = { stdout: process.stdout, stderr: process.stderr, config: () => { throw new Error('no config in this test'); }, setExitCode: () => undefined } as unknown as CliContext;
    const program = new Command('naskah');
    const loaded = new Set<unknown>();
    for (const c of COMMANDS) {
      const register = await c.load();
      if (loaded.has(register)) continue;
      loaded.add(register);
      register(program, ctx);
    }
    const registered = Object.fromEntries(program.commands.map((c) => [c.name(), c.description()]));
    expect(registered).toEqual(Object.fromEntries(COMMANDS.map((c) => [c.name, c.summary])));
    expect(requestedCommand(['lists', 'show', 'x'])?.name).toBe('lists');
    expect(requestedCommand(['help', 'keys'])?.name).toBe('keys');
    expect(requestedCommand(['--help'])).toBeUndefined();
  });
});
