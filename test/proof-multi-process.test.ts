/**
 * Issue 13's multi-process proof, at a size that fits `npm test` (NASKAH_PROOF_DECREES, default 12; the
 * bench runs 200): PostgreSQL and a local S3-compatible store; two API processes and three workers;
 * participant decrees with a 1,000-row lampiran queued for signing through the APIs; one worker killed
 * with SIGKILL while it runs a job. Every job completes, each decree is signed exactly once, the
 * numbers run 1..N without gap or repeat, every PDF is in the object store and verifies, and the audit
 * chain verifies.
 */
import { describe, expect, test } from 'vitest';
import { runIssuanceCluster } from './support/issuance-cluster.ts';
import { databases } from './support/databases.ts';

const DECREES = Number(process.env.NASKAH_PROOF_DECREES ?? 12);

describe.each(databases.filter((d) => d.provider === 'postgresql'))('several processes on PostgreSQL and an object store', () => {
  test(`${DECREES} decrees with 1,000-row lampiran through 2 APIs and 3 workers, one worker killed mid-job`, async () => {
    const report = await runIssuanceCluster({
      decrees: DECREES,
      rows: 1000,
      apis: 2,
      workers: 3,
      killAt: 0.3,
      jobTimeoutSeconds: 15,
      ...(process.env.NASKAH_DEBUG ? { log: (line: string) => console.log(`[cluster] ${line}`) } : {}),
    });
    // every job ended completed, the killed one on a later try
    expect(report.jobs).toHaveLength(DECREES);
    expect(report.jobs.filter((j) => j.state !== 'completed')).toEqual([]);
    expect(report.killed).toBeDefined();
    expect(report.jobs.find((j) => j.id === report.killed!.jobId)!.attempts).toBeGreaterThanOrEqual(2);
    // exactly once: one job and one signing event per decree
    expect(new Set(report.jobs.map((j) => j.documentId)).size).toBe(DECREES);
    for (const id of report.documents) expect(report.signedEvents.get(id), id).toBe(1);
    // consecutive numbers, none twice
    expect(report.numbers.map((n) => n.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: DECREES }, (_, i) => i + 1));
    expect(new Set(report.numbers.map((n) => n.number)).size).toBe(DECREES);
    // every PDF in the object store, and it verifies; the chain too
    expect(report.pdfsInStore).toBe(DECREES);
    expect(report.archive).toEqual({ checked: DECREES, valid: DECREES, problems: [] });
    expect(report.audit.ok).toBe(true);
  }, 900_000);
});
