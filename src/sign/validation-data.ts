/**
 * Where the validation data of B-LT comes from: for certificates of the development CA, its own CRL
 * and OCSP responses (in-process); for others, the CRL distribution points and OCSP responders their
 * certificates name (HTTP, bounded in time and size). And the collection of every certificate a
 * signed PDF's signatures and time stamps use. Imports Node crypto, the PDF and PKI readers, the DER
 * builder and the dev CA.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { PdfRef, PdfString } from '../pdf/pdf-objects.ts';
import type { PdfStructure } from '../pdf/pdf-reader.ts';
import { signatureFields } from '../pdf/signature-fields.ts';
import { certificateInfo, type CertificateInfo } from '../pki/certificate-info.ts';
import { parseCms } from '../pki/cms-verify.ts';
import { algorithm, int, octets, seq } from '../pki/der-build.ts';
import { OID } from '../pki/oids.ts';
import type { DevCa } from './dev-ca.ts';
import { issueDevCrl, issueDevOcspResponse, readRevokedList } from './dev-revocation.ts';
import { certificateDer } from './raw-signer.ts';

export interface ValidationData {
  readonly certificates: Uint8Array[];
  readonly crls: Uint8Array[];
  readonly ocsps: Uint8Array[];
}

export interface ValidationDataSource {
  /** CRLs and OCSP responses for `certificates` (and their issuers among them) as of `at`. */
  collect(certificates: readonly X509Certificate[], at: Date): Promise<ValidationData>;
}

const isIssuedBy = (c: CertificateInfo, issuer: CertificateInfo) => Buffer.from(c.issuerDer).equals(Buffer.from(issuer.subjectDer)) && c.x509.verify(issuer.x509.publicKey);

/** The development CA answers for what it issued: one CRL, and an OCSP response per end certificate. */
export class DevCaValidationData implements ValidationDataSource {
  constructor(
    private readonly keysDir: string,
    private readonly ca: DevCa,
  ) {}

  async collect(certificates: readonly X509Certificate[], at: Date): Promise<ValidationData> {
    const caCert = new X509Certificate(certificateDer(this.ca.certificate));
    const ca = certificateInfo(caCert);
    const issued = certificates.map((c) => certificateInfo(c)).filter((c) => !Buffer.from(c.raw).equals(Buffer.from(ca.raw)) && isIssuedBy(c, ca));
    if (issued.length === 0) return { certificates: [], crls: [], ocsps: [] };
    const revoked = readRevokedList(this.keysDir);
    return {
      certificates: [ca.raw],
      crls: [issueDevCrl(this.ca, revoked, at)],
      ocsps: issued.filter((c) => !c.isCa).map((c) => issueDevOcspResponse(this.ca, c.x509, revoked, at)),
    };
  }
}

const MAX_FETCH = 10 * 1024 * 1024;

async function fetchBounded(url: string, init: RequestInit, fetcher: typeof fetch): Promise<Uint8Array | undefined> {
  if (!/^https?:\/\//.test(url)) return undefined;
  try {
    const res = await fetcher(url, { ...init, signal: AbortSignal.timeout(15_000) });
    if (!res.ok || Number(res.headers.get('content-length') ?? 0) > MAX_FETCH) return undefined;
    const body = new Uint8Array(await res.arrayBuffer());
    return body.length > MAX_FETCH ? undefined : body;
  } catch {
    return undefined;
  }
}

/** CRLs from the distribution points, OCSP from the responders the certificates name. */
export class NetworkValidationData implements ValidationDataSource {
  constructor(private readonly fetcher: typeof fetch = fetch) {}

  async collect(certificates: readonly X509Certificate[]): Promise<ValidationData> {
    const infos = certificates.map((c) => certificateInfo(c));
    const crls: Uint8Array[] = [];
    const ocsps: Uint8Array[] = [];
    const seen = new Set<string>();
    for (const c of infos) {
      const issuer = infos.find((i) => i !== c && isIssuedBy(c, i));
      if (!issuer) continue;
      for (const url of c.ocspUrls) {
        const certId = seq(
          algorithm(OID.sha1),
          octets(new Uint8Array(createHash('sha1').update(issuer.subjectDer).digest())),
          octets(new Uint8Array(createHash('sha1').update(issuer.publicKeyBits).digest())),
          int(new Uint8Array(Buffer.from(c.serialHex.length % 2 ? `0${c.serialHex}` : c.serialHex, 'hex'))),
        );
        const request = seq(seq(seq(seq(certId))));
        const answer = await fetchBounded(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: Buffer.from(request) }, this.fetcher);
        if (answer) {
          ocsps.push(answer);
          break;
        }
      }
      for (const url of c.crlUrls) {
        if (seen.has(url)) continue;
        seen.add(url);
        const crl = await fetchBounded(url, { method: 'GET' }, this.fetcher);
        if (crl) crls.push(crl);
      }
    }
    return { certificates: [], crls, ocsps };
  }
}

/** Asks each source in turn and puts their answers together. */
export class CombinedValidationData implements ValidationDataSource {
  constructor(private readonly sources: readonly ValidationDataSource[]) {}
  async collect(certificates: readonly X509Certificate[], at: Date): Promise<ValidationData> {
    const out: ValidationData = { certificates: [], crls: [], ocsps: [] };
    for (const s of this.sources) {
      const r = await s.collect(certificates, at);
      out.certificates.push(...r.certificates);
      out.crls.push(...r.crls);
      out.ocsps.push(...r.ocsps);
    }
    return out;
  }
}

/**
 * Every certificate the signatures and time stamps of `pdf` carry (signer chains, time-stamp tokens),
 * and the /Contents of each signature (what VRI keys hash).
 */
export function certificatesInSignatures(pdf: PdfStructure): { certificates: X509Certificate[]; contents: Uint8Array[] } {
  const certificates = new Map<string, X509Certificate>();
  const contents: Uint8Array[] = [];
  const addCms = (bytes: Uint8Array, depth = 0): void => {
    let parsed;
    try {
      parsed = parseCms(bytes);
    } catch {
      return;
    }
    for (const c of parsed.certificates) certificates.set(createHash('sha256').update(c.raw).digest('hex'), c);
    if (depth > 0) return;
    for (const a of parsed.unsignedAttributes) {
      if (a.oid !== OID.signatureTimeStampToken) continue;
      for (const v of a.values) addCms(v.bytes.subarray(v.start, v.end), depth + 1);
    }
  };
  for (const key of signatureFields(pdf).keys()) {
    const dict = typeof key === 'number' ? pdf.dict(new PdfRef(key, pdf.entry(key)?.gen ?? 0)) : key;
    const value = dict?.get('Contents');
    if (!(value instanceof PdfString)) continue;
    contents.push(value.bytes);
    addCms(value.bytes);
  }
  return { certificates: [...certificates.values()], contents };
}
