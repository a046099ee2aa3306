/**
 * Multipart uploads streamed to disk, never buffered in memory: busboy parses the body and each file
 * field named by the route is piped into the request's own folder (upload-folder.ts) under a name the
 * server chooses. Limits before and while reading: a declared Content-Length over the limit is refused
 * unread; a file that grows past the limit stops the parse; field count and size are small. Runs only
 * after the session, role and CSRF checks (route-kit.ts puts it last). Imports busboy, the error type
 * and the http types.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error.ts';
import type { AppContext } from './http-deps.ts';

export interface UploadedFile {
  readonly fieldName: string;
  /** The name the client gave, without folders, cut to 200 characters: for messages and records only. */
  readonly originalName: string;
  readonly mediaType: string;
  /** Where the bytes are, inside the request's upload folder. */
  readonly path: string;
  readonly size: number;
}

/** Room for the multipart boundaries and small fields beside the file. */
const ENVELOPE_BYTES = 1024 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;

export function uploadedFilesOf(req: Request): readonly UploadedFile[] {
  return (req as Request & { uploads?: UploadedFile[] }).uploads ?? [];
}

export function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function cleanName(name: string | undefined): string {
  const base = path.basename(String(name ?? '').replace(/\\/g, '/'));
  return (base || 'berkas').slice(0, 200);
}

export function uploadBody(ctx: AppContext, fileFields: readonly string[]) {
  const limit = ctx.config.limits.uploadBytes;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!req.is('multipart/form-data')) {
      next(new AppError('USAGE', 'Kirim formulir multipart/form-data dengan berkas pada kolom "file".'));
      return;
    }
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > limit + ENVELOPE_BYTES) {
      next(new AppError('INPUT_TOO_LARGE', `Berkas terlalu besar (batas ${mb(limit)}). Pecah daftar menjadi beberapa berkas.`));
      return;
    }
    const dir = await ctx.uploads.newRequestDir();
    res.on('close', () => void ctx.uploads.remove(dir));
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: limit, files: fileFields.length, fields: 20, fieldSize: MAX_FIELD_BYTES, parts: 24, headerPairs: 50 },
      });
    } catch (cause) {
      next(new AppError('USAGE', 'Unggahan tidak dapat dibaca (kepala multipart tidak sah).', { cause }));
      return;
    }
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    const writes: Promise<void>[] = [];
    let failed = false;
    const fail = (error: AppError): void => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      next(error);
    };
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return fail(new AppError('INPUT_TOO_LARGE', `Kolom formulir "${name.slice(0, 40)}" terlalu panjang.`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (!fileFields.includes(name) || failed) {
        stream.resume();
        return;
      }
      const target = path.join(dir, `${files.length}.unggahan`);
      const file = { fieldName: name, originalName: cleanName(info.filename), mediaType: info.mimeType, path: target, size: 0 };
      stream.on('data', (chunk: Buffer) => {
        file.size += chunk.length;
      });
      stream.on('limit', () => fail(new AppError('INPUT_TOO_LARGE', `Berkas "${file.originalName}" lebih besar dari batas ${mb(limit)}; pecah daftar menjadi beberapa berkas.`)));
      files.push(file);
      writes.push(
        pipeline(stream, createWriteStream(target)).catch((cause: unknown) => fail(new AppError('FILE_UNREADABLE', `Berkas "${file.originalName}" tidak dapat diterima sampai habis; kirim ulang.`, { cause }))),
      );
    });
    for (const event of ['filesLimit', 'fieldsLimit', 'partsLimit'] as const) {
      parser.on(event, () => fail(new AppError('USAGE', 'Unggahan memuat terlalu banyak berkas atau kolom; kirim satu berkas pada kolom yang diminta.')));
    }
    parser.on('error', (cause: unknown) => fail(new AppError('USAGE', 'Unggahan tidak dapat dibaca (multipart rusak); kirim ulang formulirnya.', { cause })));
    parser.on('close', () => {
      void Promise.all(writes).then(() => {
        if (failed) return;
        req.body = fields;
        (req as Request & { uploads?: UploadedFile[] }).uploads = files;
        next();
      });
    });
    req.on('aborted', () => fail(new AppError('USAGE', 'Unggahan terputus sebelum selesai.')));
    req.pipe(parser);
  };
}
