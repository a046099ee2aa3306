/**
 * The validation material a verification can use: certificates, CRLs and OCSP responses from the
 * document's DSS (PAdES B-LT), from each signature's CMS (SignedData.crls and Adobe's
 * revocation-info-archival attribute) and given by the user. Unreadable entries are noted, not fatal.
 * Imports the PDF core and the PKI readers.
 */
import { X509Certificate } from 'node:crypto';
import { PdfRef } from '../pdf/pdf-objects.ts';
import type { PdfView } from '../pdf/pdf-reader.ts';
import type { RevocationData } from '../pki/certificate-path.ts';
import type { ParsedCms } from '../pki/cms-verify.ts';
import { parseCrl, pemOrDer, type Crl } from '../pki/crl.ts';
import { derChildren, derRaw } from '../pki/der.ts';
import { parseOcspResponse, type OcspResponse } from '../pki/ocsp.ts';
import { OID } from '../pki/oids.ts';

export interface ValidationMaterial {
  readonly certificates: X509Certificate[];
  readonly crls: Crl[];
  readonly ocsps: OcspResponse[];
  readonly notes: string[];
}

export interface GivenRevocationData {
  /** CRLs, DER or PEM. */
  readonly crls?: readonly Uint8Array[];
  /** OCSP responses (OCSPResponse DER). */
  readonly ocsps?: readonly Uint8Array[];
}

function addCrl(m: ValidationMaterial, bytes: Uint8Array, where: string): void {
  try {
    m.crls.push(parseCrl(bytes));
  } catch (error) {
    m.notes.push(`CRL ${where} tidak terbaca: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function addOcsp(m: ValidationMaterial, bytes: Uint8Array, where: string): void {
  try {
    m.ocsps.push(parseOcspResponse(pemOrDer(bytes, 'OCSP RESPONSE')));
  } catch (error) {
    m.notes.push(`respons OCSP ${where} tidak terbaca: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The DSS of `view` (if any): whether it exists and what it holds. */
export function readDss(view: PdfView, into: ValidationMaterial): boolean {
  const dss = view.dict(view.catalog().get('DSS'));
  if (!dss) return false;
  const streams = (key: string): Uint8Array[] => {
    const arr = view.resolve(dss.get(key));
    if (!Array.isArray(arr)) return [];
    const out: Uint8Array[] = [];
    for (const r of arr) {
      if (!(r instanceof PdfRef)) continue;
      try {
        out.push(view.streamData(r));
      } catch (error) {
        into.notes.push(`entri DSS /${key} objek ${r.num} tidak terbaca: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return out;
  };
  for (const c of streams('Certs')) {
    try {
      into.certificates.push(new X509Certificate(c));
    } catch {
      into.notes.push('sertifikat di DSS tidak terbaca');
    }
  }
  for (const c of streams('CRLs')) addCrl(into, c, 'di DSS');
  for (const o of streams('OCSPs')) addOcsp(into, o, 'di DSS');
  return true;
}

/** CRLs and OCSP responses a CMS carries itself. */
export function readCmsRevocation(parsed: ParsedCms, into: ValidationMaterial): void {
  into.certificates.push(...parsed.certificates);
  for (const c of parsed.crls) addCrl(into, c, 'di CMS');
  const adbe = parsed.attributes.find((a) => a.oid === OID.adbeRevocationInfoArchival);
  for (const value of adbe?.values ?? []) {
    // RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse, … }
    for (const part of derChildren(value)) {
      const items = derChildren(derChildren(part)[0] ?? part);
      for (const item of items) {
        if (part.tag === 0xa0) addCrl(into, derRaw(item), 'di atribut Adobe');
        else if (part.tag === 0xa1) addOcsp(into, derRaw(item), 'di atribut Adobe');
      }
    }
  }
}

export function emptyMaterial(): ValidationMaterial {
  return { certificates: [], crls: [], ocsps: [], notes: [] };
}

export function addGiven(into: ValidationMaterial, given: GivenRevocationData | undefined): void {
  for (const c of given?.crls ?? []) addCrl(into, c, 'yang diberikan');
  for (const o of given?.ocsps ?? []) addOcsp(into, o, 'yang diberikan');
}

export function revocationOf(m: ValidationMaterial): RevocationData {
  return { crls: m.crls, ocsps: m.ocsps };
}
