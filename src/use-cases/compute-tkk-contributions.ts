/**
 * Use case "contributions of a ppu-tkk list": check the list, take its accepted rows, compute the wage
 * base and the 4 % / 1 % contributions with the UMK of the program year's region, summarise per
 * Perangkat Daerah (the Bekasi attachment) and optionally write the BPJS employer spreadsheet.
 * Imports src/participants and the check-participants use case.
 */
import { checkParticipants, type CheckReport } from './check-participants.ts';
import { loadProgramConfig, programYear, umkFor, type ProgramConfig } from '../participants/program-config.ts';
import { summariseByPerangkatDaerah, type ContributionRule, type PerangkatDaerahTable } from '../participants/compute-contributions.ts';
import { writeBpjsExport, type BpjsExportResult } from '../participants/write-bpjs-export.ts';
import type { CalendarDate } from '../participants/parse-input-date.ts';

export interface TkkContributionsInput {
  readonly file: string;
  readonly year: number;
  readonly bpjsExportPath?: string;
  readonly config?: ProgramConfig;
  readonly today?: CalendarDate;
  readonly onProgress?: (rows: number, bytesRead: number, totalBytes: number) => void;
}

export interface TkkContributionsResult {
  readonly report: CheckReport;
  readonly issueCount: number;
  readonly rule: ContributionRule;
  readonly region: string;
  readonly table: PerangkatDaerahTable;
  readonly export?: BpjsExportResult;
}

export async function computeTkkContributions(input: TkkContributionsInput): Promise<TkkContributionsResult> {
  const config = input.config ?? loadProgramConfig();
  const year = programYear(config, 'ppu-tkk', input.year);
  const rule: ContributionRule = { ...config.contribution['ppu-tkk'], umk: umkFor(config, year.region, input.year) };
  const checked = await checkParticipants({
    file: input.file,
    program: 'ppu-tkk',
    collectAccepted: true,
    today: input.today,
    maxIssuesInMemory: 1000,
    onProgress: input.onProgress,
  });
  const rows = checked.participants ?? [];
  const table = summariseByPerangkatDaerah(rows, rule);
  const exported = input.bpjsExportPath !== undefined ? await writeBpjsExport(input.bpjsExportPath, rows, { rule, columns: config.bpjsExportColumns }) : undefined;
  return { report: checked.report, issueCount: checked.issueCount, rule, region: year.region, table, export: exported };
}
