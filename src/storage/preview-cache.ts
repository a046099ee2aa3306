/**
 * The preview cache: rendered draft previews (PDF, DOCX) kept in the preview store — the data directory
 * or the object store, never the heap — and indexed in the database (PreviewCacheEntry), so every API
 * process and worker shares it. Bounded by total bytes: after each store the least recently used entries
 * go until the total fits. Reads are streamed and verified; an entry whose object vanished counts as a
 * miss. Row writes are single statements; object I/O happens outside them.
 * May import: db (types), storage/file-store.
 */
import type { DatabaseProvider, PrismaClient } from '../db/prisma-client.ts';
import type { FileStore, ObjectReader, StoredObject } from './file-store.ts';

export interface PreviewCacheDeps {
  readonly db: { readonly prisma: PrismaClient; readonly provider: DatabaseProvider };
  readonly previewStore: FileStore;
  /** Total bytes of previews kept. */
  readonly maxBytes: number;
  readonly now?: () => Date;
}

/** A hit refreshes its last use at most this often (a read should not turn into a write every time). */
const TOUCH_EVERY_MS = 60_000;
const EVICT_BATCH = 50;

export interface PreviewCache {
  /** The cached preview under `key`, or undefined. */
  open(key: string): Promise<(ObjectReader & { readonly sha256: string }) | undefined>;
  /** Stores a rendered file under `key` and evicts what no longer fits. */
  store(key: string, file: string): Promise<StoredObject>;
  /** Total bytes the index holds. */
  totalBytes(): Promise<number>;
}

export function createPreviewCache(deps: PreviewCacheDeps): PreviewCache {
  const { prisma } = deps.db;
  const now = deps.now ?? (() => new Date());

  async function totalBytes(): Promise<number> {
    const sum = await prisma.previewCacheEntry.aggregate({ _sum: { size: true } });
    return Number(sum._sum.size ?? 0n);
  }

  /** Removes an object once no entry points at it any more. */
  async function dropObjectIfUnused(sha256: string): Promise<void> {
    if ((await prisma.previewCacheEntry.count({ where: { sha256 } })) === 0) await deps.previewStore.delete(sha256);
  }

  async function evict(keep: string): Promise<void> {
    let total = await totalBytes();
    while (total > deps.maxBytes) {
      const oldest = await prisma.previewCacheEntry.findMany({ where: { key: { not: keep } }, orderBy: { lastUsedAt: 'asc' }, take: EVICT_BATCH });
      if (oldest.length === 0) return;
      for (const entry of oldest) {
        if (total <= deps.maxBytes) break;
        // Only the row as we saw it: a concurrent hit that refreshed it keeps it.
        const gone = await prisma.previewCacheEntry.deleteMany({ where: { key: entry.key, lastUsedAt: entry.lastUsedAt } });
        if (gone.count === 1) {
          total -= Number(entry.size);
          await dropObjectIfUnused(entry.sha256);
        }
      }
      total = await totalBytes();
    }
  }

  return {
    totalBytes,

    async open(key) {
      const entry = await prisma.previewCacheEntry.findUnique({ where: { key } });
      if (!entry) return undefined;
      let reader: ObjectReader;
      try {
        reader = await deps.previewStore.openRead(entry.sha256);
      } catch {
        // evicted by another process between the lookup and the read, or lost: render again
        await prisma.previewCacheEntry.deleteMany({ where: { key, sha256: entry.sha256 } });
        return undefined;
      }
      const at = now();
      if (at.getTime() - entry.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        await prisma.previewCacheEntry.updateMany({ where: { key }, data: { lastUsedAt: at } });
      }
      return { ...reader, sha256: entry.sha256 };
    },

    async store(key, file) {
      const stored = await deps.previewStore.put({ file });
      const at = now();
      const previous = await prisma.previewCacheEntry.findUnique({ where: { key } });
      await prisma.previewCacheEntry.upsert({
        where: { key },
        create: { key, sha256: stored.sha256, size: BigInt(stored.size), createdAt: at, lastUsedAt: at },
        update: { sha256: stored.sha256, size: BigInt(stored.size), lastUsedAt: at },
      });
      if (previous && previous.sha256 !== stored.sha256) await dropObjectIfUnused(previous.sha256);
      await evict(key);
      return stored;
    },
  };
}
