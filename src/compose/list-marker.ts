/**
 * List markers from a pattern: "a." → a., b., …; "1)" → 1), 2), …; "(a)", "A.", "i.", "I.", "-", "•".
 * Pure; imports only the format helpers.
 */
import { listLetter, toRoman } from '../format/indonesian.ts';

const PATTERN = /^(\(?)(a|A|1|i|I)([.)]?)$/;

/** The marker of item `n` (1-based) for `pattern`, or undefined when the pattern is unknown. */
export function listMarker(pattern: string, n: number): string | undefined {
  if (pattern === '-' || pattern === '•' || pattern === '') return pattern;
  const m = PATTERN.exec(pattern);
  if (!m) return undefined;
  const [, open, kind, close] = m as unknown as [string, string, string, string];
  if (open === '(' && close !== ')') return undefined;
  let core: string;
  switch (kind) {
    case 'a':
      core = listLetter(n);
      break;
    case 'A':
      core = listLetter(n).toUpperCase();
      break;
    case 'i':
      core = toRoman(n).toLowerCase();
      break;
    case 'I':
      core = toRoman(n);
      break;
    default:
      core = String(n);
  }
  return `${open}${core}${close}`;
}
