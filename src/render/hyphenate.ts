/**
 * Indonesian hyphenation points of a word (Liang's algorithm with the TeX Indonesian patterns, through
 * the npm package `hyphen`, ISC): where a word too wide for its box may break with a visible hyphen.
 * Results are cached per word. Imports only the `hyphen` package's Indonesian patterns.
 */
import { createRequire } from 'node:module';

interface HyphenModule {
  hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
}

// The package is CommonJS without named exports Node can see: load it as such.
const hyphen = createRequire(import.meta.url)('hyphen/id') as HyphenModule;

const MARK = '\u00ad';
const cache = new Map<string, readonly number[]>();
const CACHE_LIMIT = 5_000;

/**
 * Offsets (in UTF-16 units, 0 < i < word.length) after which `word` may break, by the Indonesian
 * patterns; none for words of fewer than 5 letters, and none next to a digit.
 */
export function hyphenationPoints(word: string): readonly number[] {
  const hit = cache.get(word);
  if (hit) return hit;
  const points: number[] = [];
  if (word.length >= 5) {
    const marked = hyphen.hyphenateSync(word, { hyphenChar: MARK, minWordLength: 5 });
    let at = 0;
    for (const ch of marked) {
      if (ch === MARK) {
        if (at > 0 && at < word.length && !/\d/.test(word[at - 1]!) && !/\d/.test(word[at]!)) points.push(at);
      } else at += ch.length;
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, points);
  return points;
}
