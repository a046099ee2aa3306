import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireTools } from '../support/tools.ts';
import { GOLDEN_EXAMPLES, goldenPaths, renderGolden } from './golden-support.ts';

const out = mkdtempSync(path.join(tmpdir(), 'naskah-golden-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('golden renders of the examples (update with scripts/update-golden.ts, review the diff)', () => {
  for (const name of GOLDEN_EXAMPLES) {
    it(`${name}: PDF text and word/document.xml match the golden files`, async () => {
      if (!requireTools(`golden ${name}`, 'pdftotext')) return;
      const golden = goldenPaths(name);
      expect(existsSync(golden.pdfText), `missing ${golden.pdfText}: run node bin/run-ts.mjs scripts/update-golden.ts`).toBe(true);
      const result = await renderGolden(name, out);
      expect(result.pdfText).toBe(readFileSync(golden.pdfText, 'utf8'));
      expect(result.documentXml).toBe(readFileSync(golden.documentXml, 'utf8'));
    });
  }
});
