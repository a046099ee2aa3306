/**
 * Indonesian labels for what the pages show of the system's own codes: document and step states,
 * audit actions, programs, list statuses, flash messages. A code without a label is shown as
 * "lainnya" plus the code, never as raw English. Imports html only.
 */
import { html, type SafeHtml } from '../html.ts';

export const STATE_LABELS: Readonly<Record<string, string>> = {
  draft: 'Konsep',
  in_paraf: 'Dalam paraf',
  returned: 'Dikembalikan',
  ready_to_sign: 'Siap ditandatangani',
  signing: 'Sedang ditandatangani',
  signed: 'Ditandatangani',
};

const STATE_BADGE: Readonly<Record<string, string>> = { draft: 'info', in_paraf: 'warn', returned: 'bad', ready_to_sign: 'warn', signing: 'warn', signed: 'ok' };

export function stateBadge(state: string): SafeHtml {
  return html`<span class="badge ${STATE_BADGE[state] ?? 'info'}">${STATE_LABELS[state] ?? `keadaan ${state}`}</span>`;
}

export const STEP_LABELS: Readonly<Record<string, string>> = {
  pending: 'menunggu',
  done: 'sudah paraf',
  returned: 'dikembalikan',
  superseded: 'diganti versi baru',
};

export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'document.drafted': 'konsep dibuat',
  'document.revised': 'konsep direvisi',
  'document.submitted': 'diajukan untuk paraf',
  'paraf.given': 'paraf diberikan',
  'document.returned': 'dikembalikan kepada perancang',
  'document.signed': 'ditandatangani dan terbit',
  'document.revoked': 'dicabut',
  'document.deleted': 'konsep dihapus',
  'list.imported': 'daftar peserta diimpor',
  'list.approved': 'daftar peserta disetujui',
  'user.created': 'pengguna dibuat',
  'user.updated': 'pengguna diubah',
  'user.password_changed': 'kata sandi diganti',
  'user.password_reset': 'kata sandi diatur ulang',
  'user.deactivated': 'pengguna dinonaktifkan',
  'user.reactivated': 'pengguna diaktifkan kembali',
  'user.sessions_revoked': 'sesi diakhiri',
  'official.created': 'pejabat didaftarkan',
  'delegation.created': 'penunjukan Plt./Plh. dicatat',
  'token.created': 'token API dibuat',
  'token.revoked': 'token API dicabut',
  'webhook.created': 'webhook dibuat',
  'webhook.updated': 'webhook diubah',
  'reference.created': 'rujukan hukum ditambahkan',
  'reference.updated': 'rujukan hukum diubah',
  'reference.deleted': 'rujukan hukum dihapus',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? `tindakan lain (${action})`;
}

export const PROGRAM_LABELS: Readonly<Record<string, string>> = {
  'pbpu-pemda': 'PBPU Pemda',
  'ppu-tkk': 'PPU TKK',
};

export function listStatusBadge(status: string): SafeHtml {
  if (status === 'approved') return html`<span class="badge ok">disetujui</span>`;
  if (status === 'approving') return html`<span class="badge warn">sedang disetujui</span>`;
  if (status === 'importing') return html`<span class="badge warn">sedang diimpor</span>`;
  return html`<span class="badge info">diperiksa</span>`;
}

export function archiveStatusBadge(status: string): SafeHtml {
  return status === 'dicabut' ? html`<span class="badge bad">dicabut</span>` : html`<span class="badge ok">berlaku</span>`;
}

export const SEVERITY_LABELS: Readonly<Record<string, string>> = { error: 'galat', warning: 'peringatan' };

export const DELEGATION_LABELS: Readonly<Record<string, string>> = { plt: 'Plt.', plh: 'Plh.' };

/** Fixed flash texts chosen by a code in the query string (never free text from the URL). */
export const FLASH_TEXTS: Readonly<Record<string, string>> = {
  masuk: 'Anda sudah masuk.',
  keluar: 'Anda sudah keluar.',
  paraf: 'Paraf tersimpan.',
  kembali: 'Dokumen dikembalikan kepada perancang dengan catatan.',
  ajukan: 'Dokumen diajukan untuk paraf.',
  'ajukan-ulang': 'Perbaikan tersimpan sebagai versi baru dan dokumen diajukan lagi untuk paraf.',
  simpan: 'Perubahan tersimpan sebagai versi baru; rantai paraf dimulai lagi.',
  tandatangan: 'Dokumen ditandatangani dan diarsipkan.',
  buat: 'Konsep dokumen dibuat.',
  hapus: 'Konsep dihapus.',
  cabut: 'Pencabutan dokumen dicatat.',
  'kata-sandi': 'Kata sandi diganti. Sesi lain akun Anda sudah diakhiri.',
  'wajib-ganti': 'Admin telah mengatur ulang kata sandi Anda: buat kata sandi baru sebelum melanjutkan.',
  'pengguna-dibuat': 'Pengguna dibuat.',
  'pengguna-diubah': 'Perubahan pengguna tersimpan.',
  nonaktif: 'Pengguna dinonaktifkan; sesinya diakhiri.',
  aktif: 'Pengguna diaktifkan kembali.',
  sesi: 'Semua sesi pengguna itu diakhiri.',
  'token-dicabut': 'Token API dicabut.',
  pejabat: 'Pejabat didaftarkan.',
  penunjukan: 'Penunjukan Plt./Plh. dicatat.',
  rujukan: 'Rujukan hukum tersimpan.',
  'rujukan-hapus': 'Rujukan hukum dihapus.',
  webhook: 'Webhook tersimpan.',
  dibaca: 'Semua pemberitahuan ditandai sudah dibaca.',
};
