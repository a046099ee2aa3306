#!/usr/bin/env node
// Entry of the `naskah` binary. Runs the compiled CLI in dist/ (built at install by scripts/build.mjs).
// When src/ has changed since that build — a developer editing the sources — it does not run the old
// code: it runs the sources through tsx instead and says so once on stderr (`npm run build` makes the
// start fast again; `npm start` and `npm test` rebuild by themselves when needed).
// May import only Node built-ins and bin/build-state.mjs (tsx only on the fallback path).
import { buildState } from './build-state.mjs';

const build = buildState();
let main;
if (build.state === 'fresh' || build.state === 'compiled-only') {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const why = build.state === 'missing' ? 'dist/ belum dibangun' : `dist/ usang (${build.reason})`;
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(`naskah: ${why} dan tsx tidak terpasang; jalankan "npm run build".\n`);
    process.exit(2);
  }
  process.stderr.write(`naskah: ${why}; menjalankan sumber TypeScript lewat tsx (lebih lambat). Jalankan "npm run build".\n`);
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
