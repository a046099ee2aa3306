/**
 * Which external validators are installed. Tests that need one skip with a printed reason when it is
 * absent (CI installs them, so they run there).
 */
import { spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let hit = found.get(name);
  if (hit === undefined) {
    hit = spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
    found.set(name, hit);
  }
  return hit;
}

/** Returns true when every tool is there; otherwise prints why the caller's test is skipped. */
export function requireTools(test: string, ...names: string[]): boolean {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length > 0) {
    console.warn(`[skip] ${test}: ${missing.join(', ')} tidak terpasang (CI memasangnya)`);
    return false;
  }
  return true;
}

export function run(cmd: string, args: readonly string[], input?: Uint8Array): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args as string[], { input, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
