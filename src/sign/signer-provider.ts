/**
 * Who signs a PDF: a SignerProvider takes the PDF, the signer and a passphrase and returns the signed
 * bytes. LocalSignerProvider uses the official's PKCS#12 from the keystore and signs here: PAdES B-B,
 * B-T with a TSA (signature time stamp), and with validation data as well B-LT (DSS) and B-LTA (a
 * document time stamp). RemoteBsreSignerProvider sends the PDF to a BSrE-style service (API v2: POST
 * /api/v2/sign/pdf with NIK + passphrase) and, with a TSA, extends what it signed the same way.
 * Imports the keystore, sign-pdf, the long-term validation steps and AppError.
 */
import { AppError } from '../errors/app-error.ts';
import type { FontFiles } from '../render/fonts.ts';
import type { Keystore } from './keystore.ts';
import { extendForLongTerm } from './long-term-validation.ts';
import { signPdf, type EmbeddedAttachment, type SignatureRect } from './sign-pdf.ts';
import type { TimestampAuthority } from './timestamp-authority.ts';
import type { ValidationDataSource } from './validation-data.ts';

export interface SignerIdentity {
  readonly officialId: string;
  readonly name: string;
  readonly jabatan: string;
  readonly nik?: string;
}

export interface SignPdfInput {
  readonly pdf: Uint8Array;
  readonly signer: SignerIdentity;
  readonly passphrase: string;
  /** Visible signature box (1-based page, PDF points from the bottom left); invisible when absent. */
  readonly slot?: SignatureRect;
  readonly reason?: string;
  readonly location?: string;
  readonly clock: Date;
  /** IANA time zone of the signer (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura): /M and the stamp. */
  readonly timeZone?: string;
  /** Embedded files covered by this signature, as associated files (local provider only). */
  readonly attachments?: readonly EmbeddedAttachment[];
}

/**
 * How long signatures must last. With a TSA: B-T; with validation data too: B-LT and a document time
 * stamp (B-LTA).
 */
export interface LongTermSigning {
  readonly tsa?: TimestampAuthority;
  readonly validationData?: ValidationDataSource;
}

export interface SignerProvider {
  readonly kind: 'local' | 'bsre';
  signPdf(input: SignPdfInput): Promise<Uint8Array>;
}

export class LocalSignerProvider implements SignerProvider {
  readonly kind = 'local' as const;
  constructor(
    private readonly keystore: Keystore,
    private readonly options: LongTermSigning & { readonly contentsSize?: number; readonly timeZone?: string; readonly fonts?: FontFiles } = {},
  ) {}

  async signPdf(input: SignPdfInput): Promise<Uint8Array> {
    // signPdf refuses a certificate that is not valid at input.clock (KEY_INVALID).
    const raw = this.keystore.loadSigner(input.signer.officialId, input.passphrase);
    const { tsa, validationData } = this.options;
    const result = await signPdf(input.pdf, {
      signer: raw,
      clock: input.clock,
      rect: input.slot,
      signerName: input.signer.name,
      jabatan: input.signer.jabatan,
      reason: input.reason,
      location: input.location,
      attachments: input.attachments,
      contentsSize: this.options.contentsSize,
      timeZone: input.timeZone ?? this.options.timeZone,
      fonts: this.options.fonts,
      tsa,
    });
    if (!tsa || !validationData) return result.bytes;
    return extendForLongTerm(result.bytes, { tsa, validationData, clock: input.clock });
  }
}

export interface RemoteBsreOptions {
  /** e.g. https://esign.example.go.id — the provider appends /api/v2/sign/pdf. */
  readonly baseUrl: string;
  /** Extra headers, e.g. Authorization for the client credentials the service requires. */
  readonly headers?: Readonly<Record<string, string>>;
  /** "VISIBLE" with the slot, else "INVISIBLE". */
  readonly imageBase64?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

interface BsreSignResponse {
  file?: string[];
  time?: number | string;
  error?: string;
  message?: string;
  status_code?: number;
}

/** Sends the PDF to a BSrE-style signing API (v2 shape) and returns the signed PDF. */
export class RemoteBsreSignerProvider implements SignerProvider {
  readonly kind = 'bsre' as const;
  constructor(
    private readonly options: RemoteBsreOptions,
    private readonly longTerm: LongTermSigning = {},
  ) {}

  async signPdf(input: SignPdfInput): Promise<Uint8Array> {
    if (!input.signer.nik) {
      throw new AppError('KEY_INVALID', `Pejabat ${input.signer.name} belum punya NIK terdaftar; BSrE menandatangani berdasarkan NIK.`);
    }
    if (input.attachments && input.attachments.length > 0) {
      throw new AppError('SIGNING_FAILED', 'Layanan BSrE tidak menyematkan berkas; sematkan bukti paraf dalam PDF sebelum dikirim.');
    }
    const slot = input.slot;
    const body = {
      nik: input.signer.nik,
      passphrase: input.passphrase,
      signatureProperties: [
        {
          tampilan: slot ? 'VISIBLE' : 'INVISIBLE',
          ...(slot && this.options.imageBase64 ? { imageBase64: this.options.imageBase64 } : {}),
          page: slot?.page ?? 1,
          originX: slot?.x ?? 0,
          originY: slot?.y ?? 0,
          width: slot?.width ?? 0,
          height: slot?.height ?? 0,
          reason: input.reason ?? '',
          location: input.location ?? '',
        },
      ],
      file: [Buffer.from(input.pdf).toString('base64')],
    };
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/api/v2/sign/pdf`;
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.options.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
      });
    } catch (cause) {
      throw new AppError('SIGNING_FAILED', `Layanan tanda tangan ${url} tidak dapat dihubungi; periksa alamat dan jaringan.`, { cause });
    }
    let payload: BsreSignResponse = {};
    try {
      payload = (await response.json()) as BsreSignResponse;
    } catch {
      payload = {};
    }
    if (!response.ok) throw mapBsreError(response.status, payload);
    const file = payload.file?.[0];
    if (typeof file !== 'string' || file.length === 0) {
      throw new AppError('SIGNING_FAILED', 'Layanan tanda tangan menjawab tanpa berkas PDF yang ditandatangani.');
    }
    const signed = new Uint8Array(Buffer.from(file, 'base64'));
    if (Buffer.from(signed.subarray(0, 5)).toString('latin1') !== '%PDF-') {
      throw new AppError('SIGNING_FAILED', 'Layanan tanda tangan mengembalikan data yang bukan PDF.');
    }
    // What the service signed is kept byte for byte; validation data and a document time stamp follow it.
    const { tsa, validationData } = this.longTerm;
    return tsa ? extendForLongTerm(signed, { tsa, validationData, clock: input.clock }) : signed;
  }
}

/** BSrE error responses → AppErrors the user can act on. */
export function mapBsreError(status: number, payload: BsreSignResponse): AppError {
  const said = payload.error ?? payload.message ?? '';
  const detail = said ? ` (${said})` : '';
  if (/passphrase|password|kata sandi|totp/i.test(said) || status === 401) {
    return new AppError('PASSPHRASE_WRONG', `Passphrase ditolak oleh layanan BSrE${detail}; periksa passphrase sertifikat elektronik Anda.`);
  }
  if (/nik|user|pengguna|sertifikat|certificate/i.test(said) || status === 404) {
    return new AppError('KEY_INVALID', `Pengguna atau sertifikat tidak ditemukan / tidak aktif di BSrE${detail}; pastikan status sertifikat "ISSUE".`);
  }
  return new AppError('SIGNING_FAILED', `Layanan BSrE gagal menandatangani (HTTP ${status})${detail}; coba lagi atau hubungi admin.`);
}

