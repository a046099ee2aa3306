/**
 * Streams a stored object (issued PDF, cached preview) to the client: headers first, then the bytes as
 * the store hands them over, verified on the way. If verification fails at the end the response is cut
 * off instead of completed, so a client never receives damaged bytes as a whole file.
 * Also the Content-Disposition header every binary reply uses. Imports Express, pino and storage types.
 */
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { ObjectReader } from '../storage/file-store.ts';

export interface StoredFileReply {
  readonly mediaType: string;
  readonly fileName: string;
  readonly reader: ObjectReader;
  readonly inline?: boolean;
  readonly status?: number;
}

export async function sendStoredFile(res: Response, reply: StoredFileReply, logger?: Logger): Promise<void> {
  res.status(reply.status ?? 200);
  res.setHeader('Content-Type', reply.mediaType);
  res.setHeader('Content-Length', String(reply.reader.size));
  res.setHeader('Content-Disposition', contentDisposition(reply.fileName, reply.inline ?? false));
  try {
    await pipeline(reply.reader.stream, res);
  } catch (error) {
    // Headers are gone already: the only honest thing left is to break the connection.
    logger?.error({ err: error, file: reply.fileName }, 'stored file stream failed');
    res.destroy(error as Error);
  }
}

export function contentDisposition(fileName: string, inline: boolean): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
