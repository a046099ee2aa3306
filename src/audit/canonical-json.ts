/**
 * Canonical JSON: the one byte-exact serialisation the audit hash chain and content hashes are computed
 * over. Keys sorted by code point, no whitespace, dates as ISO-8601 strings, undefined object members
 * dropped (as JSON does). Imports only the error type.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** sha256 hex of the canonical JSON of `value`. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw notCanonical(path, 'an invalid date');
    return JSON.stringify(value.toISOString());
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw notCanonical(path, String(value));
      // JSON.stringify gives the shortest round-trip form; -0 becomes 0.
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? 'null' : write(item, `${path}[${i}]`))).join(',')}]`;
      }
      if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw notCanonical(path, typeof value);
  }
}

function notCanonical(path: string, what: string): AppError {
  return new AppError('INTERNAL', `Value at ${path} cannot be written as canonical JSON (${what}); use finite numbers, strings, dates, arrays and plain objects.`, {
    field: path,
  });
}
