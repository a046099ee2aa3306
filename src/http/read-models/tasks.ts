/**
 * "Tugas saya": what awaits the user — their paraf (as themselves or as a valid Plt./Plh.), their
 * signature, or a returned document to revise — each with the chain (who initialled and when) and, for
 * a returned one, who returned it, when and with what note. Scoped to the user's regions; whose turn it
 * is and whether a delegation holds are the workflow's own decisions (paraf-state), not re-implemented.
 * Reads only. Imports the db handle's types, region scoping and the workflow state machine.
 */
import type { Database } from '../../db/create-database.ts';
import type { Prisma } from '../../db/prisma-client.ts';
import { documentsInRegions } from '../../use-cases/region-scope.ts';
import { loadDelegations } from '../../workflow/load-workflow.ts';
import { currentStep, parseRoles, resolveActingAs, type ParafStepState, type WorkflowActor } from '../../workflow/paraf-state.ts';
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

function actorOf(user: SessionUser): WorkflowActor {
  return { userId: user.id, officialId: user.officialId, roles: parseRoles(user.roles.join(',')), regions: user.regions };
}

/** Whether `user` may act now (themself or as a valid Plt./Plh.) for `officialId`: the workflow's own rule. */
async function mayActFor(db: Database, user: SessionUser, officialId: string, now: Date): Promise<boolean> {
  const acting = resolveActingAs(officialId, actorOf(user), await loadDelegations(db.prisma, [officialId]), now);
  return acting !== undefined && !('ok' in acting);
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
  const scope = documentsInRegions(user);
  const candidates: { documentId: string; action: TaskView['action']; position: number | null; jabatan: string | null }[] = [];
  if (user.officialId && user.roles.includes('paraf')) {
    // Officials the user might stand in for: themselves and anyone with a delegation to them (validity is
    // decided per step by the workflow's resolveActingAs, at `now`).
    const delegated = await db.prisma.delegation.findMany({ where: { delegateOfficialId: user.officialId }, select: { officialId: true } });
    const mine = await db.prisma.parafStep.findMany({
      where: { officialId: { in: [user.officialId, ...delegated.map((d) => d.officialId)] }, state: 'pending', document: { state: 'in_paraf', ...scope } },
      include: { document: { select: { currentVersionId: true } } },
    });
    for (const step of mine) {
      if (step.document.currentVersionId !== step.versionId) continue;
      const steps = await db.prisma.parafStep.findMany({ where: { versionId: step.versionId }, select: { position: true, officialId: true, state: true } });
      if (currentStep(steps.map((s) => ({ ...s, state: s.state as ParafStepState })))?.position !== step.position) continue;
      if (!(await mayActFor(db, user, step.officialId, now))) continue;
      candidates.push({ documentId: step.documentId, action: 'paraf', position: step.position, jabatan: step.jabatan });
    }
  }
  if (user.officialId && user.roles.includes('signer')) {
    const docs = await db.prisma.document.findMany({ where: { state: 'ready_to_sign', signerOfficialId: { not: null }, ...scope }, select: { id: true, signerOfficialId: true }, take: 500 });
    for (const d of docs) if (d.signerOfficialId && (await mayActFor(db, user, d.signerOfficialId, now))) candidates.push({ documentId: d.id, action: 'sign', position: null, jabatan: null });
  }
  if (user.roles.includes('drafter')) {
    const docs = await db.prisma.document.findMany({ where: { state: 'returned', drafterId: user.id, ...scope }, select: { id: true }, take: 500 });
    for (const d of docs) candidates.push({ documentId: d.id, action: 'revise', position: null, jabatan: null });
  }
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
