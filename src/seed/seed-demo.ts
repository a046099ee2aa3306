/**
 * The demo data: officials and users of the two seed documents' paraf hierarki — NTT (Perancang →
 * Kepala Biro Hukum → Asisten Pemerintahan dan Kesra, signed by the Sekretaris Daerah a.n. Gubernur,
 * KOSMAS D. LANA) and Kota Bekasi (Perancang → Kepala Bagian Hukum → Asisten Pembangunan dan
 * Kesejahteraan Masyarakat → Sekretaris Daerah, signed by the Wali Kota, RAHMAT EFFENDI) — plus an
 * admin and an archivist. Idempotent: what exists (by username, by jabatan + region) is kept.
 * Passwords are generated when a user is first created and returned once (the caller prints them);
 * nothing secret is stored except the scrypt hashes. Names other than the two signers are fictional.
 * Imports: use cases (officials, users), workflow loading, the Prisma facade's types.
 */
import type { Official } from '../db/prisma-client.ts';
import { generatePassword } from '../officials/password-hash.ts';
import { createOfficial } from '../use-cases/create-official.ts';
import { createUser } from '../use-cases/create-user.ts';
import type { UseCaseDb, UseCaseOptions } from '../use-cases/use-case-db.ts';
import { matchOfficial } from '../workflow/load-workflow.ts';
import type { UserRole } from '../workflow/paraf-state.ts';

/** Region profile ids (templates/daerah/<id>.yaml): what officials, users and documents belong to. */
export const NTT_REGION = 'prov-ntt';
export const BEKASI_REGION = 'kota-bekasi';

interface DemoPerson {
  readonly key: string;
  readonly username: string;
  readonly jabatan: string;
  readonly name: string;
  readonly region: string;
  readonly roles: readonly UserRole[];
  readonly nip?: string;
  readonly rank?: string;
  readonly unit?: string;
}

const PEOPLE: readonly DemoPerson[] = [
  { key: 'ntt.perancang', username: 'perancang.ntt', jabatan: 'Perancang Peraturan Perundang-undangan Ahli Muda', name: 'MARIA G. NDOEN', region: NTT_REGION, roles: ['drafter', 'paraf'], unit: 'Biro Hukum Setda Provinsi NTT' },
  { key: 'ntt.karohukum', username: 'karohukum.ntt', jabatan: 'Kepala Biro Hukum', name: 'YOHANES B. TALAN', region: NTT_REGION, roles: ['paraf'], unit: 'Biro Hukum Setda Provinsi NTT' },
  { key: 'ntt.asisten', username: 'asisten1.ntt', jabatan: 'Asisten Pemerintahan dan Kesra', name: 'ALOYSIUS M. BERE', region: NTT_REGION, roles: ['paraf'], unit: 'Setda Provinsi NTT' },
  { key: 'ntt.sekda', username: 'sekda.ntt', jabatan: 'Sekretaris Daerah', name: 'KOSMAS D. LANA', region: NTT_REGION, roles: ['signer', 'paraf'], unit: 'Setda Provinsi NTT' },
  { key: 'bekasi.perancang', username: 'perancang.bekasi', jabatan: 'Perancang Peraturan Perundang-undangan Ahli Muda', name: 'DEWI S. LESTARI', region: BEKASI_REGION, roles: ['drafter', 'paraf'], unit: 'Bagian Hukum Setda Kota Bekasi' },
  { key: 'bekasi.kabaghukum', username: 'kabaghukum.bekasi', jabatan: 'Kepala Bagian Hukum', name: 'ARIF HIDAYAT', region: BEKASI_REGION, roles: ['paraf'], unit: 'Setda Kota Bekasi' },
  { key: 'bekasi.asisten', username: 'asisten2.bekasi', jabatan: 'Asisten Pembangunan dan Kesejahteraan Masyarakat', name: 'BUDI SANTOSO', region: BEKASI_REGION, roles: ['paraf'], unit: 'Setda Kota Bekasi' },
  { key: 'bekasi.sekda', username: 'sekda.bekasi', jabatan: 'Sekretaris Daerah Kota Bekasi', name: 'RENY HENDRAWATI', region: BEKASI_REGION, roles: ['paraf'], unit: 'Setda Kota Bekasi' },
  { key: 'bekasi.walikota', username: 'walikota.bekasi', jabatan: 'Wali Kota Bekasi', name: 'RAHMAT EFFENDI', region: BEKASI_REGION, roles: ['signer'] },
];

const STAFF: readonly { readonly username: string; readonly displayName: string; readonly roles: readonly UserRole[]; readonly regions: readonly string[] }[] = [
  { username: 'admin', displayName: 'Administrator naskah', roles: ['admin'], regions: [NTT_REGION, BEKASI_REGION] },
  { username: 'arsiparis', displayName: 'Arsiparis', roles: ['archivist'], regions: [NTT_REGION, BEKASI_REGION] },
  // approves participant lists of their region; never the importer (separation of duties)
  { username: 'penyetuju.ntt', displayName: 'Penyetuju Daftar Peserta NTT', roles: ['approver'], regions: [NTT_REGION] },
  { username: 'penyetuju.bekasi', displayName: 'Penyetuju Daftar Peserta Kota Bekasi', roles: ['approver'], regions: [BEKASI_REGION] },
];

/** Paraf chains in the order paraf is given (the Bekasi template names none, so the demo passes this one). */
export const DEMO_CHAINS = {
  ntt: ['ntt.perancang', 'ntt.karohukum', 'ntt.asisten'],
  bekasi: ['bekasi.perancang', 'bekasi.kabaghukum', 'bekasi.asisten', 'bekasi.sekda'],
} as const;

export interface SeedDemoResult {
  /** Official ids by demo key (e.g. "ntt.karohukum"). */
  readonly officials: Readonly<Record<string, string>>;
  /** Usernames by demo key, plus "admin" and "arsiparis". */
  readonly usernames: Readonly<Record<string, string>>;
  /** Passwords of the users created by this call (empty when everything existed). Print once. */
  readonly newPasswords: readonly { readonly username: string; readonly password: string }[];
  readonly chains: { readonly ntt: readonly string[]; readonly bekasi: readonly string[] };
}

export interface SeedDemoOptions extends UseCaseOptions {
  /** One fixed password for every demo user (tests, throwaway demo data dirs); generated otherwise. */
  readonly password?: string;
}

export async function seedDemo(db: UseCaseDb, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const officials: Record<string, string> = {};
  const usernames: Record<string, string> = {};
  const newPasswords: { username: string; password: string }[] = [];
  let existing: Official[] = await db.prisma.official.findMany();
  for (const p of PEOPLE) {
    let official = matchOfficial(existing, p.jabatan, p.region);
    if (!official || official.region !== p.region) {
      official = await createOfficial(db, { jabatan: p.jabatan, name: p.name, region: p.region, unit: p.unit ?? null, nip: p.nip ?? null, rank: p.rank ?? null, actor: 'seed-demo' }, options);
      existing = [...existing, official];
    }
    officials[p.key] = official.id;
    usernames[p.key] = p.username;
  }
  const users = [
    ...PEOPLE.map((p) => ({ username: p.username, displayName: p.name, roles: p.roles, regions: [p.region], officialId: officials[p.key]! })),
    ...STAFF.map((s) => ({ ...s, officialId: null })),
  ];
  for (const u of users) {
    if (await db.prisma.user.findUnique({ where: { username: u.username } })) continue;
    const password = options.password ?? generatePassword();
    await createUser(db, { username: u.username, displayName: u.displayName, password, roles: u.roles, regions: u.regions, officialId: u.officialId, actor: 'seed-demo' }, options);
    newPasswords.push({ username: u.username, password });
  }
  for (const s of STAFF) usernames[s.username] = s.username;
  return {
    officials,
    usernames,
    newPasswords,
    chains: { ntt: DEMO_CHAINS.ntt.map((k) => officials[k]!), bekasi: DEMO_CHAINS.bekasi.map((k) => officials[k]!) },
  };
}
