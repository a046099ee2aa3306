#!/usr/bin/env node
// Compiles src/ to JavaScript in dist/ with tsc (tsconfig.build.json: emit only, no type check —
// `npm run typecheck` and CI check types; `rewriteRelativeImportExtensions` turns our `.ts` import
// specifiers into `.js`). dist/ keeps src/'s layout one level below the project root, so paths that
// modules resolve from their own location (templates, fonts, config, migrations) are the same from
// dist/ and from src/. Runs at install (postinstall, after the Prisma clients are generated), before
// `npm start` and `npm test` with --if-stale, and as `npm run build`.
//
// The new build is written to a temporary folder beside dist/ and swapped in with renames, so a running
// server never loads a half-written dist/. The stamp (bin/build-state.mjs) records the sources it saw.
//
// Usage: node scripts/build.mjs [--if-stale] [--quiet] [--out-dir DIR]
//   --out-dir  write the build to DIR (one level below the project root, like dist/) instead of dist/;
//              the test of the compiled start uses it so it never disturbs dist/.
// May import only Node built-ins and bin/build-state.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildState, ROOT, sourceState, STAMP_FILE } from '../bin/build-state.mjs';

const args = process.argv.slice(2);
const outDirArg = args.includes('--out-dir') ? args[args.indexOf('--out-dir') + 1] : undefined;
if (outDirArg === undefined && args.includes('--if-stale') && buildState(ROOT).state === 'fresh') process.exit(0);

const started = Date.now();
const sources = sourceState(ROOT); // before compiling: an edit during the build leaves it stale
let tsc;
try {
  tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  console.error('build: TypeScript tidak terpasang; jalankan "npm install" (typescript adalah dependensi naskah).');
  process.exit(1);
}
const dist = outDirArg !== undefined ? path.resolve(outDirArg) : path.join(ROOT, 'dist');
const next = `${dist}.build-${process.pid}`;
const old = `${dist}.old-${process.pid}`;
rmSync(next, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', next], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  console.error(`build: tsc gagal (exit ${result.status ?? result.signal}); dist/ tidak diubah.`);
  process.exit(1);
}
writeFileSync(path.join(next, STAMP_FILE), `${JSON.stringify({ ...sources, builtAt: new Date().toISOString() })}\n`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
if (!args.includes('--quiet')) console.error(`build: src/ → ${path.relative(ROOT, dist)}/ (${sources.files} berkas, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
