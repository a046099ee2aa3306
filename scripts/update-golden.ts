/**
 * Regenerates the golden files of the document renders (test/golden/<example>.pdf.txt and
 * <example>.document.xml). Run only on purpose, then review the diff:
 *   node bin/run-ts.mjs scripts/update-golden.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GOLDEN_EXAMPLES, goldenPaths, renderGolden } from '../test/golden/golden-support.ts';

const out = mkdtempSync(path.join(tmpdir(), 'naskah-golden-'));
try {
  for (const name of GOLDEN_EXAMPLES) {
    const result = await renderGolden(name, out);
    const target = goldenPaths(name);
    writeFileSync(target.pdfText, result.pdfText);
    writeFileSync(target.documentXml, result.documentXml);
    console.log(`${name}: ${path.relative(process.cwd(), target.pdfText)}, ${path.relative(process.cwd(), target.documentXml)}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
