/**
 * Which external validators are installed. Locally a test that needs an absent tool skips with a
 * printed reason. Under NASKAH_REQUIRE_TOOLS=1 (set by .ci/run, which installs every tool) or CI, an
 * absent tool is a failure instead: a test that needs it can never pass by skipping there.
 */
import { spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

/** True when tests must not skip for a missing tool (CI). */
export function toolsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.NASKAH_REQUIRE_TOOLS) || Boolean(env.CI);
}

export class MissingToolError extends Error {
  constructor(test: string, missing: readonly string[]) {
    super(`${test}: ${missing.join(', ')} tidak terpasang, dan NASKAH_REQUIRE_TOOLS/CI melarang melewati uji ini (pasang lewat .ci/run)`);
    this.name = 'MissingToolError';
  }
}

function probe(name: string): boolean {
  let hit = found.get(name);
  if (hit === undefined) {
    hit = spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
    found.set(name, hit);
  }
  return hit;
}

/** Whether `name` is installed; where tools are required, an absent one throws (the test fails). */
export function hasTool(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const hit = probe(name);
  if (!hit && toolsRequired(env)) throw new MissingToolError(`tool ${name}`, [name]);
  return hit;
}

/** Returns true when every tool is there; otherwise prints why the caller's test is skipped (or throws in CI). */
export function requireTools(test: string, ...names: string[]): boolean {
  const missing = names.filter((n) => !probe(n));
  if (missing.length > 0) {
    if (toolsRequired()) throw new MissingToolError(test, missing);
    console.warn(`[skip] ${test}: ${missing.join(', ')} tidak terpasang (CI memasangnya)`);
    return false;
  }
  return true;
}

export function run(cmd: string, args: readonly string[], input?: Uint8Array): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args as string[], { input, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
