/**
 * Who puts the time on a signature: a TimestampAuthority turns a SHA-256 message imprint into an RFC
 * 3161 time-stamp token. The HTTP client speaks RFC 3161 over HTTP (POST application/timestamp-query)
 * to NASKAH_TSA_URL; the token it gets back is checked (granted, same imprint and nonce) before use.
 * Imports Node crypto, the TSP and CMS readers and AppError.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { parseCms } from '../pki/cms-verify.ts';
import { buildTimeStampRequest, parseTstInfo, tokenOfResponse } from '../pki/tsp.ts';

export interface TimestampAuthority {
  /** Shown in errors and reports. */
  readonly name: string;
  /** A token (CMS ContentInfo, DER) over the SHA-256 `imprint`. */
  timestamp(imprint: Uint8Array): Promise<Uint8Array>;
}

/** Checks that `token` is a time stamp of `imprint` answering `nonce`; returns its time. */
export function checkTokenAnswers(token: Uint8Array, imprint: Uint8Array, nonce: Uint8Array | undefined, tsaName: string): Date {
  let tst;
  try {
    tst = parseTstInfo(parseCms(token).content ?? new Uint8Array());
  } catch (cause) {
    throw new AppError('SIGNING_FAILED', `TSA ${tsaName} mengirim token stempel waktu yang tidak terbaca.`, { cause });
  }
  if (!Buffer.from(tst.hashedMessage).equals(Buffer.from(imprint))) throw new AppError('SIGNING_FAILED', `TSA ${tsaName} memberi stempel waktu untuk data lain (message imprint berbeda).`);
  if (nonce) {
    const want = Buffer.from(nonce).toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '');
    if (tst.nonceHex !== want) throw new AppError('SIGNING_FAILED', `TSA ${tsaName} menjawab dengan nonce lain; jawaban ini bukan untuk permintaan kita.`);
  }
  return tst.genTime;
}

/** RFC 3161 over HTTP. Bounded: a 30 s timeout and a 1 MB answer. */
export class HttpTimestampAuthority implements TimestampAuthority {
  readonly name: string;
  constructor(
    private readonly url: string,
    private readonly options: { readonly timeoutMs?: number; readonly headers?: Readonly<Record<string, string>>; readonly fetch?: typeof fetch } = {},
  ) {
    this.name = url;
  }

  async timestamp(imprint: Uint8Array): Promise<Uint8Array> {
    const nonce = randomBytes(8);
    nonce[0] = nonce[0]! & 0x7f;
    const body = buildTimeStampRequest(imprint, new Uint8Array(nonce));
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply', ...this.options.headers },
        body: Buffer.from(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (cause) {
      throw new AppError('SIGNING_FAILED', `TSA ${this.url} tidak dapat dihubungi; periksa NASKAH_TSA_URL dan jaringan.`, { cause });
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (!response.ok || length > 1_000_000) throw new AppError('SIGNING_FAILED', `TSA ${this.url} menjawab HTTP ${response.status}; periksa NASKAH_TSA_URL.`);
    const answer = new Uint8Array(await response.arrayBuffer());
    if (answer.length > 1_000_000) throw new AppError('SIGNING_FAILED', `Jawaban TSA ${this.url} terlalu besar.`);
    let token: Uint8Array;
    try {
      token = tokenOfResponse(answer);
    } catch (cause) {
      throw new AppError('SIGNING_FAILED', `TSA ${this.url}: ${cause instanceof Error ? cause.message : String(cause)}.`, { cause });
    }
    checkTokenAnswers(token, imprint, new Uint8Array(nonce), this.url);
    return token;
  }
}
