/**
 * The shipped config/programs.yaml with the pbpu-pemda budget of every year from 2020 to 2026 set for
 * a chosen quota (capacity × Rp42.000 × 12 months), for tests of the quota at modest sizes.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { parseProgramConfig, type ProgramConfig } from '../../src/participants/program-config.ts';

export function programsYamlWithCapacity(capacity: number): string {
  const data = parse(readFileSync(new URL('../../config/programs.yaml', import.meta.url), 'utf8')) as { programYears: Record<string, unknown>[] };
  const others = data.programYears.filter((y) => y.program !== 'pbpu-pemda');
  const years = Array.from({ length: 7 }, (_, i) => ({ program: 'pbpu-pemda', year: 2020 + i, region: '53', budget: capacity * 42_000 * 12, months: 12, tariffDate: `${2020 + i}-01-01` }));
  return stringify({ ...data, programYears: [...years, ...others] });
}

export function programsWithCapacity(capacity: number): ProgramConfig {
  return parseProgramConfig(programsYamlWithCapacity(capacity));
}
