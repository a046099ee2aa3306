/**
 * Indonesian labels for states and actions shown on pages. Imports html only.
 */
import { html, type SafeHtml } from '../html.ts';

export const STATE_LABELS: Readonly<Record<string, string>> = {
  draft: 'Konsep',
  in_paraf: 'Dalam paraf',
  returned: 'Dikembalikan',
  ready_to_sign: 'Siap ditandatangani',
  signed: 'Ditandatangani',
};

const STATE_BADGE: Readonly<Record<string, string>> = { draft: 'info', in_paraf: 'warn', returned: 'bad', ready_to_sign: 'warn', signed: 'ok' };

export function stateBadge(state: string): SafeHtml {
  return html`<span class="badge ${STATE_BADGE[state] ?? 'info'}">${STATE_LABELS[state] ?? state}</span>`;
}

export const STEP_LABELS: Readonly<Record<string, string>> = { pending: 'menunggu', done: 'sudah paraf', returned: 'dikembalikan' };

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "24 Maret 2025" (UTC date part) of a Date or an ISO date/time text. */
export function tanggal(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "24 Maret 2025 13.05 UTC" for audit rows. */
export function waktu(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${tanggal(date)} ${hh}.${mm} UTC`;
}

/** Fixed flash texts chosen by a code in the query string (never free text from the URL). */
export const FLASH_TEXTS: Readonly<Record<string, string>> = {
  masuk: 'Anda sudah masuk.',
  keluar: 'Anda sudah keluar.',
  paraf: 'Paraf tersimpan.',
  kembali: 'Dokumen dikembalikan kepada perancang dengan catatan.',
  ajukan: 'Dokumen diajukan untuk paraf.',
  simpan: 'Perubahan tersimpan sebagai versi baru; rantai paraf dimulai lagi.',
  tandatangan: 'Dokumen ditandatangani dan diarsipkan.',
  buat: 'Konsep dokumen dibuat.',
};
