/**
 * Who may import and who may approve a participant list — the one place these duties are decided
 * (CLI, web and jobs reach them through the list use cases). Pure: the caller hands in the acting user
 * and the list.
 *   import: a drafter (or admin) of at least one region; the list belongs to one of the importer's
 *           regions — the only one, or the one asked for when they have several.
 *   approve: a user with the approver role who belongs to the list's region and did not import it
 *            (separation of duties; admin does not stand in for it).
 * May import: paraf-state (actor type), the AppError module.
 */
import { AppError } from '../errors/app-error.ts';
import type { WorkflowActor } from './paraf-state.ts';

/** The region a new list belongs to, or an AppError saying why the user cannot import. */
export function importRegion(actor: WorkflowActor, username: string, requested?: string): string {
  if (!actor.roles.includes('drafter') && !actor.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', `Pengguna "${username}" tidak berperan sebagai perancang; hanya perancang yang mengimpor daftar peserta.`);
  }
  if (actor.regions.length === 0) {
    throw new AppError('FORBIDDEN', `Pengguna "${username}" belum ditetapkan ke wilayah mana pun, sehingga daftar yang diimpornya tidak punya wilayah; minta admin menetapkan wilayahnya.`);
  }
  const wanted = requested?.trim();
  if (wanted !== undefined && wanted !== '') {
    if (!actor.regions.includes(wanted)) {
      throw new AppError('FORBIDDEN', `Pengguna "${username}" tidak bertugas di wilayah "${wanted}"; wilayahnya: ${actor.regions.join(', ')}.`, { field: 'region' });
    }
    return wanted;
  }
  if (actor.regions.length > 1) {
    throw new AppError('USAGE', `Pengguna "${username}" bertugas di beberapa wilayah; sebutkan wilayah daftar ini (--region): ${actor.regions.join(', ')}.`, { field: 'region' });
  }
  return actor.regions[0]!;
}

export interface ListOwnership {
  readonly id: string;
  readonly region: string | null;
  readonly createdById: string;
}

/** Throws an AppError unless `actor` may approve `list`. */
export function checkMayApprove(actor: WorkflowActor, username: string, list: ListOwnership): void {
  if (!actor.roles.includes('approver')) {
    throw new AppError('FORBIDDEN', `Pengguna "${username}" tidak berperan sebagai penyetuju daftar peserta (peran approver); minta admin memberikan peran itu kepada petugas yang berwenang.`);
  }
  if (list.createdById === actor.userId) {
    throw new AppError('FORBIDDEN', `Daftar ${list.id} diimpor oleh "${username}" sendiri; daftar harus disetujui oleh petugas lain (pemisahan tugas).`);
  }
  if (list.region === null || !actor.regions.includes(list.region)) {
    throw new AppError(
      'FORBIDDEN',
      `Daftar ${list.id} milik wilayah "${list.region ?? '(tanpa wilayah)'}", sedangkan "${username}" bertugas di ${actor.regions.length > 0 ? actor.regions.join(', ') : 'tidak ada wilayah'}; hanya penyetuju wilayah itu yang dapat menyetujuinya.`,
    );
  }
}
