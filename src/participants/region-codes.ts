/**
 * Kemendagri region codes (province, kabupaten/kota, kecamatan) used to check digits 1–6 of a NIK or
 * No KK. Source: the npm package idn-area-data (data from the latest Kepmendagri on region codes; ODbL),
 * read from its CSV data files once, on first use. Imports only node built-ins and papaparse.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Papa from 'papaparse';

export interface RegionCodes {
  /** "53" → "Nusa Tenggara Timur" */
  readonly provinces: ReadonlyMap<string, string>;
  /** "5371" → "Kota Kupang" */
  readonly regencies: ReadonlyMap<string, string>;
  /** "537101" → "Alak" */
  readonly districts: ReadonlyMap<string, string>;
}

let cached: RegionCodes | undefined;

function readCodes(dir: string, file: string): Map<string, string> {
  const text = readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const map = new Map<string, string>();
  for (const row of rows) {
    const code = (row.code ?? '').replace(/\./g, '');
    if (code !== '' && row.name !== undefined) map.set(code, row.name);
  }
  return map;
}

/** The region code tables, loaded on first call (about 8,000 entries; a few milliseconds). */
export function regionCodes(): RegionCodes {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
    cached = {
      provinces: readCodes(dir, 'provinces.csv'),
      regencies: readCodes(dir, 'regencies.csv'),
      districts: readCodes(dir, 'districts.csv'),
    };
  }
  return cached;
}
