import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type SeedDemoResult } from '../src/seed/seed-demo.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';

const PASSWORD = 'demo-password-123';
let h: Harness;
let seeded: SeedDemoResult;

beforeAll(async () => {
  h = await startHarness();
  seeded = await seedDemo(h.db, { password: PASSWORD });
}, 60_000);
afterAll(async () => h?.close());

describe('the Bekasi instruksi through the API with the demo users', () => {
  it('submits with an explicit chain of officials and hands the first paraf to the Perancang', async () => {
    const drafter = new Client(h.baseUrl);
    expect((await drafter.apiLogin('perancang.bekasi', PASSWORD)).status).toBe(200);
    const dataYaml = readFileSync(new URL('../examples/instruksi-walikota-bekasi-440-301.yaml', import.meta.url), 'utf8');
    const created = await drafter.api('POST', '/documents', { kind: 'instruksi-kepala-daerah', dataYaml });
    expect(created.status).toBe(201);
    const { documentId, contentHash } = (await created.json()) as { documentId: string; contentHash: string };

    const res = await drafter.api('POST', `/documents/${documentId}/submit`, { contentHash, chainOfficialIds: seeded.chains.bekasi });
    expect(res.status).toBe(200);
    const steps = await h.db.prisma.parafStep.findMany({ where: { documentId }, orderBy: { position: 'asc' } });
    expect(steps.map((s) => s.officialId)).toEqual([...seeded.chains.bekasi]);
    const tasks = (await (await drafter.api('GET', '/tasks')).json()) as { tasks: { documentId: string; action: string; position: number }[] };
    expect(tasks.tasks).toEqual([expect.objectContaining({ documentId, action: 'paraf', position: 1 })]);
  });
});
