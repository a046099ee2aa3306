/**
 * YAML files an author writes (document data, template.yaml, region profiles): parsing with errors in
 * Indonesian at the line where the author has to look (an unclosed quote at the line that opens it, not
 * at the end of the file), and a way back from a field path — or an unknown key — to its line. Also
 * turns schema (zod) issues into located problems phrased for someone editing the YAML.
 * Pure: the caller reads the file. Imports yaml, zod's issue type and AppError.
 */
import { CST, isMap, LineCounter, Parser, parseDocument, type Document, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../errors/app-error.ts';

export type DataPath = readonly (string | number)[];

export interface DataProblem {
  readonly field: string;
  readonly line?: number;
  readonly message: string;
}

/** A parsed YAML file and the way back from a path to its line. */
export interface YamlSource {
  readonly file: string;
  /** The plain JavaScript value of the document. */
  readonly value: unknown;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: DataPath): number | undefined;
  /** 1-based line of `key` in the mapping at `path` (an unknown key, a duplicate). */
  keyLineOf(path: DataPath, key: string): number | undefined;
}

export function formatPath(path: DataPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

type Ranged = { range?: [number, number, number] } | null | undefined;

function lineFinder(doc: Document, counter: LineCounter): Pick<YamlSource, 'lineOf' | 'keyLineOf'> {
  const keyLineOf = (path: DataPath, key: string): number | undefined => {
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((it) => (it.key as { value?: unknown } | null)?.value === key);
    const range = (pair?.key as Ranged)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  const lineOf = (path: DataPath): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as Ranged)?.range;
      if (range) return counter.linePos(range[0]).line;
      // A key whose value is null has no value node: find the key itself.
      const last = path[n - 1];
      if (n > 0 && typeof last === 'string') {
        const line = keyLineOf(path.slice(0, n - 1), last);
        if (line !== undefined) return line;
      }
    }
    return undefined;
  };
  return { lineOf, keyLineOf };
}

/** Offset of the quoted scalar that is never closed (the yaml package reports the end of the file). */
function unclosedQuoteStart(text: string, quote: string): number | undefined {
  const type = quote === '"' ? 'double-quoted-scalar' : 'single-quoted-scalar';
  let found: number | undefined;
  const check = (node: unknown): void => {
    const n = node as { type?: string; source?: string; offset?: number } | null | undefined;
    if (found !== undefined || !n || n.type !== type || n.source === undefined || n.offset === undefined) return;
    const src = n.source.trimEnd();
    if (src.length < 2 || !src.endsWith(quote)) found = n.offset;
  };
  for (const token of new Parser().parse(text)) {
    CST.visit(token as CST.Document, (item) => {
      check(item.key);
      check(item.value);
    });
    const value = (token as { value?: unknown }).value;
    check(value);
    if (found !== undefined) break;
  }
  return found;
}

/** The yaml package's error, in Indonesian, saying what to fix. */
function describeYamlError(error: YAMLError, text: string): { message: string; offset: number } {
  const offset = error.pos[0];
  switch (error.code) {
    case 'MISSING_CHAR': {
      const quote = /closing ("|')quote/.exec(error.message)?.[1];
      if (quote !== undefined) {
        return {
          message: `tanda kutip ${quote} yang dibuka di baris ini tidak ditutup; tutup dengan ${quote} di akhir teksnya`,
          offset: unclosedQuoteStart(text, quote) ?? offset,
        };
      }
      const char = /Missing (\S+)/.exec(error.message)?.[1];
      return { message: `tanda ${char ? `"${char}" ` : ''}kurang di sini; periksa tanda kurung dan koma`, offset };
    }
    case 'BAD_INDENT':
      return {
        message: /Flow (sequence|mapping)/.test(error.message)
          ? `daftar atau pemetaan dalam kurung (${/sequence/.test(error.message) ? '[ … ]' : '{ … }'}) tidak ditutup atau baris lanjutannya kurang menjorok`
          : 'indentasi tidak konsisten: kunci dan butir yang setingkat harus mulai di kolom yang sama',
        offset,
      };
    case 'TAB_AS_INDENT':
      return { message: 'tab tidak boleh dipakai untuk indentasi; pakai spasi', offset };
    case 'DUPLICATE_KEY':
      return { message: 'kunci ini sudah ditulis sebelumnya; setiap kunci hanya boleh muncul sekali', offset };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return { message: 'nilai yang memuat ": " harus diberi tanda kutip, atau kuncinya ditulis di baris sendiri', offset };
    case 'UNEXPECTED_TOKEN':
      return { message: `tanda "${text.slice(offset, offset + 1)}" tidak terduga di sini; periksa tanda kutip, kurung dan indentasi`, offset };
    case 'BAD_ALIAS':
      return { message: 'alias atau anchor (&, *) YAML tidak valid', offset };
    default:
      return { message: `struktur YAML tidak valid (${error.code}); periksa indentasi dan tanda kutip`, offset };
  }
}

/**
 * Parses YAML text. A syntax error throws `code` (YAML_INVALID for data, TEMPLATE_INVALID for template
 * files) with the Indonesian message at the line (and column) where the author has to look.
 */
export function parseYamlSource(text: string, file: string, code: ErrorCode = 'YAML_INVALID'): YamlSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { message, offset } = describeYamlError(yamlError, text);
    const pos = counter.linePos(offset);
    throw new AppError(code, `YAML tidak valid: ${message}.`, { file, line: pos.line, column: pos.col, details: { yamlCode: yamlError.code } });
  }
  return { file, value: doc.toJS({ maxAliasCount: 100 }), ...lineFinder(doc, counter) };
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'teks',
  number: 'angka',
  boolean: 'ya/tidak (true/false)',
  array: 'daftar (baris berawalan "- ")',
  object: 'pemetaan (kunci: nilai)',
  date: 'tanggal',
};

function describeValue(v: unknown): string {
  if (v === null) return 'kosong (null)';
  if (Array.isArray(v)) return 'daftar';
  if (typeof v === 'object') return 'pemetaan';
  if (typeof v === 'string') return `teks "${v.length > 30 ? `${v.slice(0, 30)}…` : v}"`;
  return `${typeof v === 'number' ? 'angka' : typeof v} ${String(v)}`;
}

function valueAtPath(root: unknown, path: DataPath): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** The issue in Indonesian, phrased for someone editing the YAML. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, path: DataPath): string {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAtPath(raw, path);
      if (value === undefined) return 'wajib diisi';
      return `harus berupa ${TYPE_NAMES[issue.expected] ?? issue.expected}, bukan ${describeValue(value)}`;
    }
    case 'unrecognized_keys':
      return `kunci tidak dikenal: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'bentuk isian tidak sesuai (lihat docs/templates.md)';
    case 'invalid_value':
      return `harus salah satu dari: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `paling sedikit ${String(issue.minimum)} butir` : issue.origin === 'string' ? 'tidak boleh kosong' : issue.message;
    default:
      return issue.message;
  }
}

/**
 * Schema issues as located problems (at most `limit`). An unknown key comes first and is located at
 * the key itself (its field names it), not at the mapping that holds it.
 */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], src: YamlSource, limit = 20): DataProblem[] {
  // A misspelt key shows up as an unknown key and a missing one: name the typo first, where it is.
  const ordered = [...issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  return ordered.slice(0, limit).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
      const key = issue.keys[0];
      return {
        field: formatPath([...path, key]),
        line: src.keyLineOf(path, key) ?? src.lineOf(path),
        message: describeIssue(issue, src.value, path),
      };
    }
    return { field: formatPath(path) || '(akar)', line: src.lineOf(path), message: describeIssue(issue, src.value, path) };
  });
}

/** One AppError for a list of problems: located at the first, listing up to five in the message. */
export function problemsError(code: ErrorCode, file: string, problems: readonly DataProblem[]): AppError {
  const first = problems[0]!;
  const more = problems.slice(1, 5).map((p) => `${p.line !== undefined ? `baris ${p.line}: ` : ''}${p.field}: ${p.message}`);
  const extra = problems.length > 5 ? `; dan ${problems.length - 5} masalah lain` : '';
  const message = more.length > 0 ? `${first.message} (juga: ${more.join('; ')}${extra})` : first.message;
  return new AppError(code, message, { file, line: first.line, field: first.field, details: problems });
}
