/**
 * "Tugas saya": what awaits the user — their paraf (as themselves or as a valid Plt./Plh.), their
 * signature, or a returned document to revise — each with the chain (who initialled and when) and, for
 * a returned one, who returned it, when and with what note. Reads only. Imports the db handle's types.
 */
import type { Database } from '../../db/create-database.ts';
import type { Prisma } from '../../db/prisma-client.ts';
import type { SessionUser } from '../http-deps.ts';

export interface ChainStepView {
  readonly position: number;
  readonly jabatan: string;
  readonly officialName: string;
  readonly state: string;
  readonly actedAt: Date | null;
  /** Who acted when it was not the official themselves (a Plt./Plh.). */
  readonly actedBy: string | null;
  readonly note: string | null;
}

export interface ReturnView {
  readonly jabatan: string;
  readonly officialName: string;
  readonly actedBy: string | null;
  readonly at: Date;
  readonly note: string;
}

export interface TaskView {
  readonly documentId: string;
  readonly tentang: string;
  readonly kindId: string;
  readonly region: string | null;
  readonly state: string;
  /** What awaits the user: their paraf (at step n), their signature, or a revision. */
  readonly action: 'paraf' | 'sign' | 'revise';
  readonly position: number | null;
  readonly jabatan: string | null;
  readonly contentHash: string;
  readonly versionNo: number;
  readonly updatedAt: Date;
  /** The user drafted it: a return to themselves is not offered. */
  readonly drafterIsMe: boolean;
  readonly chain: readonly ChainStepView[];
  readonly returned: ReturnView | null;
}

/** Officials the user acts for now: themselves and whoever they stand in for (Plt./Plh.) today. */
async function actingOfficialIds(db: Database, user: SessionUser, now: Date): Promise<string[]> {
  if (!user.officialId) return [];
  const delegations = await db.prisma.delegation.findMany({
    where: { delegateOfficialId: user.officialId, validFrom: { lte: now }, validTo: { gte: now } },
    select: { officialId: true },
  });
  return [user.officialId, ...delegations.map((d) => d.officialId)];
}

const stepInclude = { official: { select: { name: true } }, actedByOfficial: { select: { id: true, name: true } } } as const;
type StepRow = Prisma.ParafStepGetPayload<{ include: typeof stepInclude }>;

export function chainOf(steps: readonly StepRow[]): ChainStepView[] {
  return [...steps]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      position: s.position,
      jabatan: s.jabatan,
      officialName: s.official.name,
      state: s.state,
      actedAt: s.actedAt,
      actedBy: s.actedByOfficial && s.actedByOfficialId !== s.officialId ? s.actedByOfficial.name : null,
      note: s.note,
    }));
}

export function returnOf(steps: readonly StepRow[]): ReturnView | null {
  const r = [...steps].filter((s) => s.state === 'returned' && s.actedAt).sort((a, b) => b.actedAt!.getTime() - a.actedAt!.getTime())[0];
  if (!r) return null;
  return {
    jabatan: r.jabatan,
    officialName: r.official.name,
    actedBy: r.actedByOfficial && r.actedByOfficialId !== r.officialId ? r.actedByOfficial.name : null,
    at: r.actedAt!,
    note: r.note ?? '',
  };
}

export async function listMyTasks(db: Database, user: SessionUser, now: Date): Promise<TaskView[]> {
  const officials = await actingOfficialIds(db, user, now);
  const candidates: { documentId: string; action: TaskView['action']; position: number | null; jabatan: string | null }[] = [];
  if (officials.length > 0 && user.roles.includes('paraf')) {
    // Start from the user's own pending steps (indexed by official and state), not from every document.
    const mine = await db.prisma.parafStep.findMany({
      where: { officialId: { in: officials }, state: 'pending', document: { state: 'in_paraf' } },
      include: { document: { select: { currentVersionId: true } } },
    });
    for (const step of mine) {
      if (step.document.currentVersionId !== step.versionId) continue;
      const earlier = await db.prisma.parafStep.count({ where: { versionId: step.versionId, state: 'pending', position: { lt: step.position } } });
      if (earlier > 0) continue;
      candidates.push({ documentId: step.documentId, action: 'paraf', position: step.position, jabatan: step.jabatan });
    }
  }
  const documentsIn = async (where: Prisma.DocumentWhereInput, action: TaskView['action']): Promise<void> => {
    const docs = await db.prisma.document.findMany({ where, select: { id: true }, take: 500 });
    for (const d of docs) candidates.push({ documentId: d.id, action, position: null, jabatan: null });
  };
  if (officials.length > 0 && user.roles.includes('signer')) {
    await documentsIn({ state: 'ready_to_sign', OR: [{ signerOfficialId: { in: officials } }, { signerOfficialId: null }] }, 'sign');
  }
  if (user.roles.includes('drafter')) await documentsIn({ state: 'returned', drafterId: user.id }, 'revise');
  if (candidates.length === 0) return [];
  const docs = await db.prisma.document.findMany({
    where: { id: { in: candidates.map((c) => c.documentId) } },
    include: { currentVersion: { include: { parafSteps: { include: stepInclude } } } },
  });
  const byId = new Map(docs.map((d) => [d.id, d]));
  const tasks: TaskView[] = [];
  for (const c of candidates) {
    const doc = byId.get(c.documentId);
    if (!doc?.currentVersion) continue;
    const steps = doc.currentVersion.parafSteps;
    tasks.push({
      documentId: doc.id,
      tentang: doc.tentang,
      kindId: doc.kindId,
      region: doc.region,
      state: doc.state,
      action: c.action,
      position: c.position,
      jabatan: c.jabatan,
      contentHash: doc.currentVersion.contentHash,
      versionNo: doc.currentVersion.versionNo,
      updatedAt: doc.updatedAt,
      drafterIsMe: doc.drafterId === user.id,
      chain: chainOf(steps),
      returned: c.action === 'revise' ? returnOf(steps) : null,
    });
  }
  return tasks.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
}
