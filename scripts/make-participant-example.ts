/**
 * Regenerates the participant-decree example: examples/peserta-pbpu-ntt.csv (a seeded list as a Dinas
 * Sosial would send it, when missing), its approved and frozen form examples/peserta-pbpu-ntt-disetujui.csv
 * (checked, approved within the configured quota), and the list's SHA-256 and months in
 * examples/keputusan-peserta-pbpu-ntt.yaml (the count, tariff and total are derived at compose time). Run: node bin/run-ts.mjs scripts/make-participant-example.ts
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { approveWithinQuota, quotaCapacity } from '../src/participants/approve-within-quota.ts';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';
import { loadProgramConfig, programYear, tariffOn } from '../src/participants/program-config.ts';
import { approvedListCsv } from '../src/list-store/frozen-list-file.ts';
import { checkParticipants } from '../src/use-cases/check-participants.ts';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const raw = `${examples}peserta-pbpu-ntt.csv`;
if (!existsSync(raw)) await writeRosterCsv(raw, { seed: 53, count: 250, program: 'pbpu-pemda' });

const config = loadProgramConfig();
const year = programYear(config, 'pbpu-pemda', 2025);
const tariff = tariffOn(config, 'pbpu-pemda', year.tariffDate ?? '2025-01-01');
const checked = await checkParticipants({ file: raw, program: 'pbpu-pemda', year: 2025, collectAccepted: true, today: { year: 2025, month: 4, day: 14 } });
const capacity = quotaCapacity(BigInt(year.budget), BigInt(tariff.rupiah), year.months);
const approval = approveWithinQuota(checked.participants ?? [], capacity, 'file');
const frozen = approvedListCsv(approval.approved);
await writeFile(`${examples}peserta-pbpu-ntt-disetujui.csv`, frozen);

const yamlFile = `${examples}keputusan-peserta-pbpu-ntt.yaml`;
const doc = parseDocument(await readFile(yamlFile, 'utf8'));
// The decree pins the frozen list by the SHA-256 of its bytes; its figures are derived from it.
doc.setIn(['sumber', 'peserta', 'sha256'], createHash('sha256').update(frozen).digest('hex'));
doc.setIn(['iuran', 'bulan'], year.months);
await writeFile(yamlFile, doc.toString({ lineWidth: 0 }));
console.log(`${checked.report.total} baris, ${checked.report.accepted} diterima, ${approval.approved.length} disetujui (kuota ${capacity}); hash ${approval.contentHash}`);
