/**
 * RFC 3161 time-stamp protocol: requests (TimeStampReq), responses (TimeStampResp) and the TSTInfo of
 * a token, parsed and built as DER. A token is a CMS SignedData whose content is the TSTInfo; it is
 * checked with the CMS checks (cms-verify) by the caller. Imports the DER reader and builder and OIDs.
 */
import { derChild, derChildren, derContent, derIntegerHex, derOid, derRaw, derTime, readDer, type DerNode } from './der.ts';
import { algorithm, bool, int, octets, seq } from './der-build.ts';
import { OID } from './oids.ts';

export interface TstInfo {
  readonly policy: string;
  readonly hashAlgorithm: string;
  readonly hashedMessage: Uint8Array;
  readonly serialHex: string;
  readonly genTime: Date;
  /** Accuracy in milliseconds, when given. */
  readonly accuracyMs?: number;
  readonly nonceHex?: string;
}

export interface TimeStampRequest {
  readonly hashAlgorithm: string;
  readonly hashedMessage: Uint8Array;
  readonly policy?: string;
  readonly nonce?: Uint8Array;
  readonly certReq: boolean;
}

/** A TimeStampReq for a SHA-256 message imprint, asking for the TSA certificate in the token. */
export function buildTimeStampRequest(hashedMessage: Uint8Array, nonce: Uint8Array): Uint8Array {
  return seq(int(1), seq(algorithm(OID.sha256), octets(hashedMessage)), int(nonce), bool(true));
}

export function parseTimeStampRequest(der: Uint8Array): TimeStampRequest {
  const parts = derChildren(readDer(der));
  if (parts.length < 2 || parts[0]!.tag !== 0x02) throw new Error('bukan TimeStampReq');
  const imprint = derChildren(parts[1]!);
  let policy: string | undefined;
  let nonce: Uint8Array | undefined;
  let certReq = false;
  for (const p of parts.slice(2)) {
    if (p.tag === 0x06) policy = derOid(p);
    else if (p.tag === 0x02) nonce = derContent(p);
    else if (p.tag === 0x01) certReq = derContent(p)[0] !== 0;
  }
  return { hashAlgorithm: derOid(derChild(imprint[0]!, 0, 'algorithm')), hashedMessage: derContent(imprint[1]!), policy, nonce, certReq };
}

/** The token (ContentInfo DER) of a granted TimeStampResp; throws with the TSA's status otherwise. */
export function tokenOfResponse(der: Uint8Array): Uint8Array {
  const parts = derChildren(readDer(der));
  const statusInfo = derChildren(parts[0]!);
  const status = derContent(statusInfo[0]!)[0] ?? 2;
  if (status > 1 || !parts[1]) {
    const text = statusInfo[1] ? derChildren(statusInfo[1]).map((n) => Buffer.from(derContent(n)).toString('utf8')).join('; ') : '';
    throw new Error(`TSA menolak permintaan (status ${status}${text ? `: ${text}` : ''})`);
  }
  return derRaw(parts[1]);
}

export function parseTstInfo(der: Uint8Array): TstInfo {
  const p = derChildren(readDer(der));
  const imprint = derChildren(p[2]!);
  let accuracyMs: number | undefined;
  let nonceHex: string | undefined;
  for (const n of p.slice(5)) {
    if (n.tag === 0x30) {
      // Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] OPTIONAL, micros [1] OPTIONAL }
      let ms = 0;
      for (const a of derChildren(n)) {
        const v = [...derContent(a)].reduce((s: number, x: number) => s * 256 + x, 0);
        if (a.tag === 0x02) ms += v * 1000;
        else if (a.tag === 0x80) ms += v;
        else if (a.tag === 0x81) ms += v / 1000;
      }
      accuracyMs = ms;
    } else if (n.tag === 0x02) nonceHex = derIntegerHex(n);
  }
  return {
    policy: derOid(p[1]!),
    hashAlgorithm: derOid(derChild(imprint[0]!, 0, 'algorithm')),
    hashedMessage: derContent(imprint[1]!),
    serialHex: derIntegerHex(p[3]!),
    genTime: derTime(p[4]!),
    accuracyMs,
    nonceHex,
  };
}

export type { DerNode };
