/**
 * The local time-stamping authority of development and tests: the development CA's TSA key signs RFC
 * 3161 tokens in-process (TSTInfo with policy, SHA-256 imprint, a random serial, the time from an
 * injectable clock with millisecond precision, the nonce; ESS signing-certificate-v2 as RFC 5816 asks).
 * `npm start` signs B-T with it and nothing to configure. It also answers whole TimeStampReq/Resp
 * messages, for anyone who posts one. Imports the CMS builder, TSP, the DER builder and the dev CA.
 */
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../errors/app-error.ts';
import { algorithm, generalizedTime, int, octets, oid, seq, tlv, utf8 } from '../pki/der-build.ts';
import { OID } from '../pki/oids.ts';
import { parseTimeStampRequest } from '../pki/tsp.ts';
import { buildSignedData } from './cms.ts';
import type { DevCa, DevTsa } from './dev-ca.ts';
import { createLocalRawSigner } from './raw-signer.ts';
import type { TimestampAuthority } from './timestamp-authority.ts';

/** naskah's development TSA policy (under a private arc; not a real policy registration). */
export const LOCAL_TSA_POLICY = '1.3.6.1.4.1.99999.10.1';

export class LocalTimestampAuthority implements TimestampAuthority {
  readonly name = 'TSA lokal (CA pengembangan)';
  /** `keys` is asked on first use (the TSA key is created then, in the keys folder). */
  constructor(
    private readonly keys: () => { readonly tsa: DevTsa; readonly ca: DevCa },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The TSA certificate then the CA: what a token carries. */
  get certificateChain(): forge.pki.Certificate[] {
    const { tsa, ca } = this.keys();
    return [tsa.certificate, ca.certificate];
  }

  async timestamp(imprint: Uint8Array, nonce?: Uint8Array): Promise<Uint8Array> {
    if (imprint.length !== 32) throw new AppError('SIGNING_FAILED', 'TSA lokal hanya menerima message imprint SHA-256.');
    const at = this.clock();
    const tstInfo = seq(
      int(1),
      oid(LOCAL_TSA_POLICY),
      seq(algorithm(OID.sha256), octets(imprint)),
      int(new Uint8Array(randomBytes(16))),
      generalizedTime(at, true),
      seq(tlv(0x80, new Uint8Array([1]))), // accuracy: 1 ms
      ...(nonce ? [int(nonce)] : []),
    );
    const signer = createLocalRawSigner(this.keys().tsa.privateKey, this.certificateChain);
    const digest = new Uint8Array((await import('node:crypto')).createHash('sha256').update(tstInfo).digest());
    return buildSignedData(digest, signer, { contentType: OID.tstInfo, content: tstInfo });
  }

  /** Answers a DER TimeStampReq with a DER TimeStampResp (granted, or rejected with a reason). */
  async respond(request: Uint8Array): Promise<Uint8Array> {
    const reject = (text: string) => seq(seq(int(2), seq(utf8(text))));
    let req;
    try {
      req = parseTimeStampRequest(request);
    } catch {
      return reject('permintaan bukan TimeStampReq');
    }
    if (req.hashAlgorithm !== OID.sha256 || req.hashedMessage.length !== 32) return reject('hanya SHA-256');
    const token = await this.timestamp(req.hashedMessage, req.nonce);
    return seq(seq(int(0)), token);
  }
}


