/**
 * Secrets a job carries (the signer's key passphrase for issuance) are sealed before they are stored:
 * AES-256-GCM under the job secret — NASKAH_JOB_SECRET (every API process and worker of a deployment
 * sets the same), or for the embedded default a random key kept in <dataDir>/keys/job-secret (mode 0600).
 * A sealed value is useless without that key, and the record drops it once the job has ended.
 * May import: Node crypto/fs, the AppError module.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/app-error.ts';

export interface JobSealer {
  seal(secret: string): string;
  open(sealed: string): string;
}

const PREFIX = 'v1:';

/** The key: from the configured secret, else the data directory's key file (created on first use). */
export function jobSecretKey(options: { readonly secret?: string; readonly dataDir: string }): Buffer {
  if (options.secret) return createHash('sha256').update(`naskah-job-secret\0${options.secret}`).digest();
  const file = path.join(options.dataDir, 'keys', 'job-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // another process created it at the same moment: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return createHash('sha256').update(`naskah-job-secret\0${readFileSync(file, 'utf8').trim()}`).digest();
}

export function createJobSealer(key: Buffer): JobSealer {
  return {
    seal(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const raw = sealed.startsWith(PREFIX) ? Buffer.from(sealed.slice(PREFIX.length), 'base64') : Buffer.alloc(0);
      if (raw.length < 29) throw new AppError('USAGE', 'Data rahasia pekerjaan tidak dapat dibaca; kirim ulang permintaannya.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new AppError(
          'USAGE',
          'Data rahasia pekerjaan tidak dapat dibuka dengan kunci proses ini: setiap proses API dan pekerja harus memakai NASKAH_JOB_SECRET yang sama. Kirim ulang permintaannya.',
          { cause },
        );
      }
    },
  };
}
