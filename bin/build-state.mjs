// Whether dist/ (the JavaScript that `tsc -p tsconfig.build.json` writes from src/) is current.
// The build writes dist/.build-stamp.json: how many source files it compiled and the newest
// modification time among them and the build configuration. dist/ is current when the stamp exists and
// no source file is newer and none was added or removed. Used by bin/naskah.mjs at every start (a
// stat walk of src/, a few milliseconds) and by scripts/build.mjs --if-stale.
// May import only Node built-ins: it runs before anything else is known to work.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP_FILE = '.build-stamp.json';
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** Count and newest mtime of the sources (every .ts under src/, and the tsconfig files) of `root`. */
export function sourceState(root = ROOT) {
  let files = 0;
  let newestMs = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        files++;
        newestMs = Math.max(newestMs, statSync(full).mtimeMs);
      }
    }
  };
  walk(path.join(root, 'src'));
  for (const name of CONFIG_FILES) {
    try {
      newestMs = Math.max(newestMs, statSync(path.join(root, name)).mtimeMs);
    } catch {
      // absent: nothing to compare
    }
  }
  return { files, newestMs };
}

/**
 * "fresh" when dist/ matches src/; "stale" (with the reason) when sources changed since the build;
 * "missing" when there is no build; "compiled-only" when there are no sources (an installed copy
 * without src/) and dist/ is all there is.
 */
export function buildState(root = ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(root, 'dist', STAMP_FILE), 'utf8'));
  } catch {
    stamp = undefined;
  }
  let sources;
  try {
    sources = sourceState(root);
  } catch {
    return stamp ? { state: 'compiled-only' } : { state: 'missing' };
  }
  if (!stamp) return { state: 'missing' };
  if (sources.files !== stamp.files) return { state: 'stale', reason: `${sources.files} berkas sumber, ${stamp.files} saat dibangun` };
  if (sources.newestMs > stamp.newestMs) return { state: 'stale', reason: 'ada berkas sumber yang lebih baru dari dist/' };
  return { state: 'fresh' };
}
