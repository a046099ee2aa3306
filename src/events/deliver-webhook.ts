/**
 * One delivery attempt of a webhook: the JSON body signed with HMAC-SHA256 over "<timestamp>.<body>"
 * (header X-Naskah-Signature: t=<unix seconds>,v1=<hex>, so a receiver can refuse replays), posted with
 * a timeout, redirects not followed. Any 2xx is delivered; anything else is an attempt to retry.
 * Imports node crypto only.
 */
import { createHmac } from 'node:crypto';

export interface AttemptResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
  readonly ms: number;
}

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export async function postWebhook(
  url: string,
  body: string,
  headers: { readonly secret: string; readonly event: string; readonly deliveryId: string; readonly now: Date },
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = Date.now();
  const t = Math.floor(headers.now.getTime() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'naskah-webhook/1',
        'x-naskah-event': headers.event,
        'x-naskah-delivery': headers.deliveryId,
        'x-naskah-signature': signatureHeader(headers.secret, t, body),
      },
      body,
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}`, ms: Date.now() - started };
  } catch (error) {
    const message = (error as Error).name === 'TimeoutError' ? `tidak menjawab dalam ${Math.round(timeoutMs / 1000)} detik` : String((error as Error).message ?? error).slice(0, 200);
    return { ok: false, status: null, error: message, ms: Date.now() - started };
  }
}
