/**
 * Paging of every list, in pages and the API alike: `limit` (1–200, default 50) and an opaque
 * `cursor` naming where the next page starts. Keyset cursors (the last row's sort key and id) keep a
 * page stable while rows are added; a search that only offers offsets uses an offset cursor. The cursor
 * is base64url JSON; a damaged one is refused with USAGE. Imports zod and the error type.
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export const PagingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional().describe(`banyaknya baris (1–${MAX_LIMIT}, bawaan ${DEFAULT_LIMIT})`),
  cursor: z.string().max(400).optional().describe('nextCursor dari halaman sebelumnya'),
});

export interface Paged<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export function pagedSchema<T extends z.ZodType>(item: T) {
  return { nextCursor: z.string().nullable().describe('kursor halaman berikutnya; null bila ini halaman terakhir'), items: z.array(item) };
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const KeysetCursor = z.object({ t: z.string().datetime(), id: z.string().max(100) });
const OffsetCursor = z.object({ o: z.number().int().min(0).max(1_000_000) });
const RowCursor = z.object({ r: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

function decode<T>(cursor: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('USAGE', 'Kursor halaman tidak sah; mulai lagi dari halaman pertama (tanpa cursor).');
  return parsed.data;
}

export function limitOf(limit: number | undefined): number {
  return Math.min(Math.max(1, limit ?? DEFAULT_LIMIT), MAX_LIMIT);
}

/** Where the next page of a list sorted by (at desc, id desc) starts. */
export interface Keyset {
  readonly at: Date;
  readonly id: string;
}

export function decodeKeyset(cursor: string | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  const k = decode(cursor, KeysetCursor);
  return { at: new Date(k.t), id: k.id };
}

/**
 * The Prisma `where` for rows after `keyset` in (field desc, id desc) order; {} for the first page.
 */
export function afterKeyset(field: string, keyset: Keyset | undefined): Record<string, unknown> {
  if (!keyset) return {};
  return { OR: [{ [field]: { lt: keyset.at } }, { [field]: keyset.at, id: { lt: keyset.id } }] };
}

/** Rows fetched with take: limit + 1 → the page and the cursor of the next one. */
export function keysetPage<T>(rows: readonly T[], limit: number, keyOf: (row: T) => Keyset): Paged<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor({ t: keyOf(last).at.toISOString(), id: keyOf(last).id }) : null;
  return { items, nextCursor };
}

export function decodeOffset(cursor: string | undefined): number {
  return cursor ? decode(cursor, OffsetCursor).o : 0;
}

export function offsetPage<T>(rows: readonly T[], offset: number, limit: number, total: number): Paged<T> {
  return { items: rows.slice(0, limit), nextCursor: offset + limit < total ? encodeCursor({ o: offset + limit }) : null };
}

/** A cursor after a row number (lists of participants are keyed by it, so any page is one index seek). */
export function encodeRowCursor(rowNo: number): string {
  return encodeCursor({ r: rowNo });
}

export function decodeRowCursor(cursor: string | undefined): number | undefined {
  return cursor ? decode(cursor, RowCursor).r : undefined;
}
