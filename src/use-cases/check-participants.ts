/**
 * Use case "check a participant list": open the file (CSV or XLSX, streamed), match its headers to the
 * program, judge every row, and write the JSON report and optionally the spreadsheet report. Every row
 * ends accepted or rejected; accepted + rejected = total. Imports src/participants and node:fs.
 */
import { writeFile } from 'node:fs/promises';
import { openRoster } from '../participants/read-roster.ts';
import { headerMatches, headerScore, matchHeaders } from '../participants/match-headers.ts';
import { PROGRAMS, type ProgramId } from '../participants/program-schemas.ts';
import { createRowValidator, type ApprovedNikLookup, type ParticipantRow } from '../participants/validate-roster.ts';
import { openCheckReportXlsx } from '../participants/write-check-report-xlsx.ts';
import type { RowIssue } from '../participants/roster-issue.ts';
import type { CalendarDate } from '../participants/parse-input-date.ts';

/** The JSON report, exactly these keys (DESIGN §6). */
export interface CheckReport {
  readonly file: string;
  readonly program: ProgramId;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly issues: readonly RowIssue[];
}

export interface CheckParticipantsInput {
  readonly file: string;
  readonly program: ProgramId;
  readonly reportPath?: string;
  readonly xlsxReportPath?: string;
  readonly lookup?: ApprovedNikLookup;
  /** Program year for the approved-NIK lookup. */
  readonly year?: number;
  /** Birth dates after this day are rejected; the caller injects the clock. */
  readonly today?: CalendarDate;
  /** Keep the accepted participants in memory (for approval); off for plain checks of huge files. */
  readonly collectAccepted?: boolean;
  /** Called every few thousand rows and once at the end. */
  readonly onProgress?: (rows: number, bytesRead: number, totalBytes: number) => void;
}

export interface CheckParticipantsResult {
  readonly report: CheckReport;
  readonly format: 'csv' | 'xlsx';
  readonly delimiter?: string;
  readonly warnings: number;
  /** Issue counts per code. */
  readonly byCode: Readonly<Record<string, number>>;
  readonly participants?: readonly ParticipantRow[];
}

export async function checkParticipants(input: CheckParticipantsInput): Promise<CheckParticipantsResult> {
  const schema = PROGRAMS[input.program];
  const source = await openRoster(input.file, {
    isHeader: (cells) => headerMatches(cells, schema),
    headerScore: (cells) => headerScore(cells, schema),
  });
  let map;
  try {
    map = matchHeaders(source.headers, schema, input.file, source.headerRow);
  } catch (error) {
    // Stop reading the rest of the file.
    await source.batches[Symbol.asyncIterator]().return?.();
    throw error;
  }
  const judge = createRowValidator(map, schema, {
    checkShape: source.format === 'csv',
    lookup: input.lookup,
    year: input.year,
    today: input.today,
    keepParticipants: input.collectAccepted === true,
  });
  const xlsx = input.xlsxReportPath !== undefined ? openCheckReportXlsx(input.xlsxReportPath, source.headers) : undefined;
  const issues: RowIssue[] = [];
  const participants: ParticipantRow[] | undefined = input.collectAccepted ? [] : undefined;
  const byCode: Record<string, number> = {};
  let total = 0;
  let accepted = 0;
  let warnings = 0;
  let nextProgress = 16_384;
  for await (const batch of source.batches) {
    let verdicts = batch.map((record) => judge.judge(record));
    if (input.lookup !== undefined) verdicts = await judge.lookupBatch(verdicts);
    for (const verdict of verdicts) {
      total++;
      if (verdict.accepted) {
        accepted++;
        if (participants && verdict.participant) participants.push(verdict.participant);
      }
      for (const issue of verdict.issues) {
        issues.push(issue);
        byCode[issue.code] = (byCode[issue.code] ?? 0) + 1;
        if (issue.severity === 'warning') warnings++;
      }
      xlsx?.add(verdict);
    }
    if (total >= nextProgress) {
      nextProgress = total + 16_384;
      input.onProgress?.(total, source.bytesRead(), source.totalBytes);
    }
  }
  input.onProgress?.(total, source.totalBytes, source.totalBytes);
  if (total === 0) {
    // A header without rows was read fine but carries nothing to approve: judged bad (exit 1).
    issues.push({
      row: source.headerRow,
      column: null,
      code: 'LIST_EMPTY',
      severity: 'error',
      message: `Daftar hanya berisi baris header, tanpa peserta; isi data peserta mulai baris ${source.headerRow + 1}.`,
    });
    byCode.LIST_EMPTY = 1;
  }
  await xlsx?.close();
  const report: CheckReport = { file: input.file, program: input.program, total, accepted, rejected: total - accepted, issues };
  if (input.reportPath !== undefined) await writeFile(input.reportPath, `${JSON.stringify(report, null, 2)}\n`);
  return { report, format: source.format, delimiter: source.delimiter, warnings, byCode, participants };
}
