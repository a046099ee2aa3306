/**
 * The benchmarks run `naskah` the way users do: the compiled build in dist/. Rebuilds it when the
 * sources are newer and says so in the results when that failed (the numbers would then include tsx).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function ensureBuild(): string | undefined {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale', '--quiet'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `dist/ tidak dapat dibangun (${r.stderr.slice(-200)}); angka proses utuh memuat tsx`;
}
