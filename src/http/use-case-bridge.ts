/**
 * The one seam between the HTTP adapter and the use cases it calls. Each function takes what a route
 * has (the user, ids, the hash shown on the page) and calls the use case; where a use case has not
 * landed in this build yet it answers NOT_AVAILABLE (HTTP 501, "belum tersedia"). Imports the use
 * cases and the error type.
 */
import { AppError } from '../errors/app-error.ts';
import type { AppContext, SessionUser } from './http-deps.ts';

export interface UploadInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface ParticipantIssue {
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

export interface ParticipantReport {
  readonly file: string;
  readonly program: string;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly issues: readonly ParticipantIssue[];
}

export interface PdfVerification {
  readonly intact: boolean;
  readonly summary: string;
  readonly documentId: string | null;
  readonly number: string | null;
  readonly signerName: string | null;
  readonly status: string | null;
  readonly sha256: string;
  readonly details: unknown;
}

function notYet(feature: string): never {
  throw new AppError('NOT_AVAILABLE', `${feature} belum tersedia di versi ini; modulnya sedang dikerjakan.`);
}

export async function draftDocument(_ctx: AppContext, _user: SessionUser, _input: { kind: string; dataYaml: string }): Promise<{ documentId: string; contentHash: string }> {
  return notYet('Membuat konsep dokumen');
}

export async function reviseDocument(
  _ctx: AppContext,
  _user: SessionUser,
  _input: { documentId: string; dataYaml: string; baseContentHash: string },
): Promise<{ contentHash: string; versionNo: number }> {
  return notYet('Menyimpan perubahan dokumen');
}

export async function submitDocument(_ctx: AppContext, _user: SessionUser, _input: { documentId: string; contentHash: string }): Promise<{ state: string }> {
  return notYet('Mengajukan dokumen untuk paraf');
}

export async function giveParaf(_ctx: AppContext, _user: SessionUser, _input: { documentId: string; contentHash: string }): Promise<{ state: string }> {
  return notYet('Paraf');
}

export async function returnDocument(
  _ctx: AppContext,
  _user: SessionUser,
  _input: { documentId: string; contentHash: string; note: string },
): Promise<{ state: string }> {
  return notYet('Mengembalikan dokumen dengan catatan');
}

export async function signDocument(
  _ctx: AppContext,
  _user: SessionUser,
  _input: { documentId: string; contentHash: string; passphrase?: string | undefined },
): Promise<{ state: string; number: string }> {
  return notYet('Penandatanganan');
}

export async function renderCurrentVersion(
  _ctx: AppContext,
  _documentId: string,
  _format: 'pdf' | 'docx',
): Promise<{ bytes: Uint8Array; fileName: string }> {
  return notYet('Pratinjau PDF/DOCX');
}

export async function downloadIssuedPdf(_ctx: AppContext, _documentId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  return notYet('Unduh dokumen terbit');
}

export async function checkParticipants(_ctx: AppContext, _user: SessionUser, _input: UploadInput & { program: string }): Promise<ParticipantReport> {
  return notYet('Pemeriksaan daftar peserta');
}

export async function verifyUploadedPdf(_ctx: AppContext, _input: UploadInput): Promise<PdfVerification> {
  return notYet('Verifikasi berkas PDF');
}

export const PROGRAMS = [
  { id: 'pbpu-pemda', label: 'PBPU Pemda — penduduk yang iurannya dibayar Pemda' },
  { id: 'ppu-tkk', label: 'PPU TKK — tenaga kontrak kerja Perangkat Daerah' },
] as const;
