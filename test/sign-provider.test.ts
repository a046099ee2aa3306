import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSignerProvider, RemoteBsreSignerProvider } from '../src/sign/signer-provider.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';
import { basePdf, GUBERNUR, PASS_GUB, SEKDA, SIGN_CLOCK, signFixture, cleanupSignFixture } from './sign-support.ts';

afterAll(cleanupSignFixture);

let fx: ReturnType<typeof signFixture>;
let base: Uint8Array;
let server: Server;
let baseUrl: string;
const requests: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  fx = signFixture();
  base = await basePdf(2);
  // A fake BSrE v2 service: knows the Gubernur's NIK, signs with the local dev key.
  const local = new LocalSignerProvider(fx.keystore);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || req.url !== '/api/v2/sign/pdf') return reply(404, { error: 'not found' });
      const json = JSON.parse(body) as { nik: string; passphrase: string; signatureProperties: Array<Record<string, unknown>>; file: string[] };
      requests.push(json);
      if (json.nik === '0000000000000000') return reply(500, { error: 'internal' });
      if (json.nik !== GUBERNUR.nik) return reply(400, { status_code: 2021, error: 'NIK tidak terdaftar' });
      if (json.passphrase !== PASS_GUB) return reply(400, { status_code: 2031, error: 'Passphrase anda salah' });
      const p = json.signatureProperties[0]!;
      const signed = await local.signPdf({
        pdf: new Uint8Array(Buffer.from(json.file[0]!, 'base64')),
        signer: GUBERNUR,
        passphrase: json.passphrase,
        clock: SIGN_CLOCK,
        reason: String(p.reason),
        location: String(p.location),
        slot: p.tampilan === 'VISIBLE' ? { page: Number(p.page), x: Number(p.originX), y: Number(p.originY), width: Number(p.width), height: Number(p.height) } : undefined,
      });
      reply(200, { file: [Buffer.from(signed).toString('base64')], time: 1742783400000 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('LocalSignerProvider', () => {
  it('signs with the official key from the keystore', async () => {
    const signed = await new LocalSignerProvider(fx.keystore).signPdf({ pdf: base, signer: SEKDA, passphrase: 'passphrase-sekda', clock: SIGN_CLOCK, slot: { page: 1, x: 300, y: 100, width: 200, height: 60 } });
    const r = await verifyPdf(signed, { trustAnchors: fx.keystore.trustAnchors() });
    expect(r.valid).toBe(true);
    expect(r.signatures[0]!.signerName).toBe(SEKDA.name);
  });

  it('refuses a wrong passphrase with PASSPHRASE_WRONG and a clock outside the certificate validity with KEY_INVALID', async () => {
    const provider = new LocalSignerProvider(fx.keystore);
    await expect(provider.signPdf({ pdf: base, signer: SEKDA, passphrase: 'salah-sekali', clock: SIGN_CLOCK })).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
    await expect(provider.signPdf({ pdf: base, signer: SEKDA, passphrase: 'passphrase-sekda', clock: new Date('2040-01-01T00:00:00Z') })).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });
});

describe('RemoteBsreSignerProvider against a fake BSrE v2 server', () => {
  it('sends the v2 request shape and returns the signed PDF', async () => {
    const provider = new RemoteBsreSignerProvider({ baseUrl });
    const signed = await provider.signPdf({
      pdf: base,
      signer: GUBERNUR,
      passphrase: PASS_GUB,
      clock: SIGN_CLOCK,
      slot: { page: 2, x: 330, y: 150, width: 220, height: 70 },
      reason: 'Penetapan',
      location: 'Kupang',
    });
    const sent = requests[requests.length - 1]!;
    expect(sent).toEqual({
      nik: GUBERNUR.nik,
      passphrase: PASS_GUB,
      signatureProperties: [{ tampilan: 'VISIBLE', page: 2, originX: 330, originY: 150, width: 220, height: 70, reason: 'Penetapan', location: 'Kupang' }],
      file: [Buffer.from(base).toString('base64')],
    });
    const r = await verifyPdf(signed, { trustAnchors: fx.keystore.trustAnchors() });
    expect(r.valid).toBe(true);
    expect(r.signatures[0]!.signerName).toBe(GUBERNUR.name);
    expect(r.signatures[0]!.reason).toBe('Penetapan');
  });

  it('maps BSrE errors: wrong passphrase, unknown NIK, server failure, unreachable, missing NIK', async () => {
    const provider = new RemoteBsreSignerProvider({ baseUrl });
    const input = { pdf: base, passphrase: PASS_GUB, clock: SIGN_CLOCK };
    await expect(provider.signPdf({ ...input, signer: GUBERNUR, passphrase: 'salah' })).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
    await expect(provider.signPdf({ ...input, signer: { ...GUBERNUR, nik: '5371010101010001' } })).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(provider.signPdf({ ...input, signer: { ...GUBERNUR, nik: '0000000000000000' } })).rejects.toMatchObject({ code: 'SIGNING_FAILED' });
    await expect(provider.signPdf({ ...input, signer: SEKDA })).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(new RemoteBsreSignerProvider({ baseUrl: 'http://127.0.0.1:1' }).signPdf({ ...input, signer: GUBERNUR })).rejects.toMatchObject({ code: 'SIGNING_FAILED' });
  });
});
