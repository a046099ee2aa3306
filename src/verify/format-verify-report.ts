/**
 * Turns a verification result into the Indonesian summary the CLI prints, and into the JSON shape of
 * `verify --json` (embedded file bytes left out). Pure.
 */
import { DEV_CA_NAME } from '../pki/development-names.ts';
import type { VerifyPdfResult } from './verify-pdf.ts';

const yesNo = (ok: boolean) => (ok ? 'ya' : 'TIDAK');

/** What an archive lookup may return; the fields shown when present. */
export interface ArchiveRecordView {
  readonly number?: string;
  readonly title?: string;
  readonly kind?: string;
  readonly issuedAt?: string;
  readonly revoked?: boolean;
  readonly revokedReason?: string;
}

function revocationText(r: { status: string; source?: string; revokedAt?: string }): string {
  if (r.status === 'good') return `tidak dicabut (${r.source})`;
  if (r.status === 'revoked') return `DICABUT ${r.revokedAt ?? ''} (${r.source})`;
  return 'tidak diketahui';
}

export function formatVerifyReport(file: string, result: VerifyPdfResult<ArchiveRecordView | undefined>, archiveChecked: boolean): string {
  const lines: string[] = [];
  lines.push(`Berkas: ${file}`);
  lines.push(`SHA-256: ${result.sha256}`);
  lines.push(result.valid ? 'Hasil: SAH — semua tanda tangan utuh dan tepercaya.' : 'Hasil: TIDAK SAH.');
  lines.push(`Waktu periksa: ${result.validationTime}`);
  result.signatures.forEach((s, i) => {
    lines.push('');
    if (s.kind === 'timestamp') {
      lines.push(`Stempel waktu dokumen #${i + 1} (${s.fieldName}, revisi ${s.revision ?? '?'})`);
      lines.push(`  TSA            : ${s.signerName ?? '(tidak diketahui)'}`);
      lines.push(`  Waktu          : ${s.timestamp?.time ?? '(tidak terbaca)'}`);
      lines.push(`  Sah            : ${yesNo(s.problems.length === 0 && s.chainOk)}`);
      for (const r of s.revocation) lines.push(`  Pencabutan     : ${r.certificate}: ${revocationText(r)}`);
      for (const p of s.problems) lines.push(`  ! ${p}`);
      for (const n of s.notes) lines.push(`  · ${n}`);
      return;
    }
    lines.push(`Tanda tangan #${i + 1} (${s.fieldName}, revisi ${s.revision ?? '?'})`);
    lines.push(`  Level PAdES    : ${s.level ?? '(tidak tercapai: tanda tangan tidak sah)'}`);
    lines.push(`  Penanda tangan : ${s.signerName ?? '(tidak diketahui)'}`);
    if (s.signerCertSubject) lines.push(`  Subjek         : ${s.signerCertSubject}`);
    if (s.issuer) lines.push(`  Penerbit       : ${s.issuer}`);
    if (s.issuer === DEV_CA_NAME) lines.push('  Catatan        : sertifikat CA pengembangan naskah, BUKAN sertifikat elektronik tersertifikasi (BSrE/PSrE)');
    lines.push(`  Waktu (/M)     : ${s.signingTime ?? '(tidak ada)'} (klaim penanda tangan)`);
    if (s.timestamp) lines.push(`  Stempel waktu  : ${s.timestamp.time} oleh ${s.timestamp.tsa ?? '?'} — ${s.timestamp.valid ? 'sah' : 'TIDAK SAH'}`);
    lines.push(`  Dinilai pada   : ${s.trustedTime ?? '?'} (${s.trustedTimeSource ?? '?'})`);
    for (const r of s.revocation) lines.push(`  Pencabutan     : ${r.certificate}: ${revocationText(r)}`);
    if (s.reason) lines.push(`  Alasan         : ${s.reason}`);
    if (s.location) lines.push(`  Lokasi         : ${s.location}`);
    lines.push(`  Jenis          : ${s.subFilter ?? '(tidak ada)'}`);
    lines.push(`  Isi utuh       : ${yesNo(s.digestOk)}`);
    lines.push(`  Tanda tangan   : ${yesNo(s.signatureOk)}`);
    lines.push(`  Sertifikat ESS : ${yesNo(s.essCertHashOk)}`);
    lines.push(`  Rantai ke CA   : ${yesNo(s.chainOk)}`);
    lines.push(`  Seluruh berkas : ${s.coversWholeFile ? 'ya' : 'tidak (ada revisi sesudahnya)'}`);
    for (const p of s.problems) lines.push(`  ! ${p}`);
    for (const n of s.notes) lines.push(`  · ${n}`);
  });
  if (result.embeddedFiles.length > 0) {
    lines.push('');
    lines.push('Berkas tersemat:');
    for (const f of result.embeddedFiles) lines.push(`  ${f.name} (${f.size} byte, sha256 ${f.sha256.slice(0, 16)}…)`);
  }
  for (const p of result.parafEvidence) lines.push(`  Bukti paraf ${p.file}: ${p.valid ? `sah (${p.signerName ?? '?'})` : `TIDAK SAH — ${p.problems.join('; ')}`}`);
  const c = result.contentEvidence;
  if (c) {
    lines.push('');
    lines.push(`Isi yang diparaf: hash ${c.contentHash} dihitung ulang dari data tersemat dan manifesnya (${c.templateFiles} berkas templat, ${c.sourceFiles} berkas sumber)`);
    const signedIt = c.dataMatches && c.parafHashMatches;
    for (const p of result.parafEvidence) {
      lines.push(`  ${p.signerName ?? p.file}: ${p.valid && signedIt ? 'memaraf isi ini' : 'TIDAK terbukti memaraf isi ini'}`);
    }
    for (const problem of c.problems) lines.push(`  ! ${problem}`);
  }
  if (archiveChecked) {
    lines.push('');
    const a = result.archive;
    if (!a) lines.push('Arsip: dokumen ini TIDAK terdaftar di arsip naskah.');
    else {
      lines.push(`Arsip: terdaftar${a.number ? `, nomor ${a.number}` : ''}${a.issuedAt ? `, ditetapkan ${a.issuedAt}` : ''}`);
      if (a.title) lines.push(`  Tentang: ${a.title}`);
      if (a.revoked) lines.push(`  DICABUT${a.revokedReason ? `: ${a.revokedReason}` : ''}`);
    }
  }
  for (const n of result.notes) lines.push(`  · ${n}`);
  if (result.problems.length > 0) {
    lines.push('');
    lines.push('Masalah:');
    for (const p of result.problems) lines.push(`  ! ${p}`);
  }
  if (result.signatures.some((s) => s.digestOk && s.signatureOk && !s.chainOk)) {
    lines.push('');
    lines.push('Petunjuk: bila penerbit sertifikat memang dipercaya, berikan sertifikat CA-nya dengan --ca FILE.pem, atau arahkan NASKAH_DATA_DIR ke folder data yang memuat keys/dev-ca.crt.pem.');
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON of `verify --json`: the result without embedded file bytes. */
export function verifyReportJson(file: string, result: VerifyPdfResult): unknown {
  return {
    file,
    ...result,
    embeddedFiles: result.embeddedFiles.map(({ bytes: _bytes, ...rest }) => rest),
  };
}
