/**
 * Use case "check a participant list": open the file (CSV or XLSX, streamed), match its headers to the
 * program, judge every row, and write the JSON report and optionally the spreadsheet report. Every row
 * ends accepted or rejected; accepted + rejected = total. Imports src/participants and node:fs.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
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
  /** Keep the accepted participants in memory (small lists: contributions); off for plain checks of huge files. */
  readonly collectAccepted?: boolean;
  /**
   * Hands over the accepted participants of each batch (about 2,000 rows) as soon as they are judged,
   * and waits for it before reading on: an import streams them into the database without holding them.
   */
  readonly onAccepted?: (participants: readonly ParticipantRow[]) => Promise<void>;
  /**
   * Keep at most this many issues in the returned report (the JSON report file still gets them all,
   * streamed through a temporary file): a million rejected rows do not have to fit in memory.
   * Default: keep all.
   */
  readonly maxIssuesInMemory?: number;
  /** Called every few thousand rows and once at the end. */
  readonly onProgress?: (rows: number, bytesRead: number, totalBytes: number) => void;
}

export interface CheckParticipantsResult {
  readonly report: CheckReport;
  readonly format: 'csv' | 'xlsx';
  readonly delimiter?: string;
  readonly encoding?: 'utf-8' | 'windows-1252';
  readonly warnings: number;
  /** Issues found; more than report.issues holds when maxIssuesInMemory cut the list. */
  readonly issueCount: number;
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
    source.close();
    throw error;
  }
  const judge = createRowValidator(map, schema, {
    checkShape: source.format === 'csv',
    lookup: input.lookup,
    year: input.year,
    today: input.today,
    keepParticipants: input.collectAccepted === true || input.onAccepted !== undefined,
  });
  const xlsx = input.xlsxReportPath !== undefined ? await openCheckReportXlsx(input.xlsxReportPath, source.headers) : undefined;
  const issues: RowIssue[] = [];
  const participants: ParticipantRow[] | undefined = input.collectAccepted ? [] : undefined;
  const byCode: Record<string, number> = {};
  let total = 0;
  let accepted = 0;
  let warnings = 0;
  let issueCount = 0;
  const keep = input.maxIssuesInMemory ?? Number.POSITIVE_INFINITY;
  // Issues go to a spool file next to the JSON report, which is assembled at the end (its key order puts
  // the totals before the issues).
  const spoolPath = input.reportPath !== undefined ? `${input.reportPath}.issues.tmp` : undefined;
  const spool: WriteStream | undefined = spoolPath !== undefined ? createWriteStream(spoolPath) : undefined;
  let nextProgress = 16_384;
  try {
    for await (const batch of source.batches) {
      let verdicts = batch.map((record) => judge.judge(record));
      if (input.lookup !== undefined) verdicts = await judge.lookupBatch(verdicts);
      const batchAccepted: ParticipantRow[] | undefined = input.onAccepted ? [] : undefined;
      for (const verdict of verdicts) {
        total++;
        if (verdict.accepted) {
          accepted++;
          if (participants && verdict.participant) participants.push(verdict.participant);
          if (batchAccepted && verdict.participant) batchAccepted.push(verdict.participant);
        }
        for (const issue of verdict.issues) {
          issueCount++;
          if (issues.length < keep) issues.push(issue);
          if (spool !== undefined && !spool.write(`${JSON.stringify(issue)}\n`)) await once(spool, 'drain');
          byCode[issue.code] = (byCode[issue.code] ?? 0) + 1;
          if (issue.severity === 'warning') warnings++;
        }
        xlsx?.add(verdict);
      }
      if (batchAccepted !== undefined && batchAccepted.length > 0) await input.onAccepted!(batchAccepted);
      if (total >= nextProgress) {
        nextProgress = total + 16_384;
        input.onProgress?.(total, source.bytesRead(), source.totalBytes);
      }
    }
  } catch (error) {
    spool?.destroy();
    if (spoolPath !== undefined) await rm(spoolPath, { force: true });
    throw error;
  }
  input.onProgress?.(total, source.totalBytes, source.totalBytes);
  if (total === 0) {
    // A header without rows was read fine but carries nothing to approve: judged bad (exit 1).
    const empty: RowIssue = {
      row: source.headerRow,
      column: null,
      code: 'LIST_EMPTY',
      severity: 'error',
      message: `Daftar hanya berisi baris header, tanpa peserta; isi data peserta mulai baris ${source.headerRow + 1}.`,
    };
    issues.push(empty);
    issueCount++;
    spool?.write(`${JSON.stringify(empty)}\n`);
    byCode.LIST_EMPTY = 1;
  }
  await xlsx?.close();
  const report: CheckReport = { file: input.file, program: input.program, total, accepted, rejected: total - accepted, issues };
  if (input.reportPath !== undefined && spool !== undefined && spoolPath !== undefined) {
    spool.end();
    await once(spool, 'finish');
    await writeJsonReport(input.reportPath, report, spoolPath);
  }
  return { report, format: source.format, delimiter: source.delimiter, encoding: source.encoding, warnings, issueCount, byCode, participants };
}

/** Writes { file, program, total, accepted, rejected, issues } with the issues copied from the spool. */
async function writeJsonReport(file: string, report: CheckReport, spoolPath: string): Promise<void> {
  const out = createWriteStream(file);
  const head = JSON.stringify({ file: report.file, program: report.program, total: report.total, accepted: report.accepted, rejected: report.rejected }, null, 2);
  out.write(`${head.slice(0, -2)},\n  "issues": [`);
  let first = true;
  const lines = createInterface({ input: createReadStream(spoolPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    if (!out.write(`${first ? '\n    ' : ',\n    '}${line}`)) await once(out, 'drain');
    first = false;
  }
  out.end(first ? ']\n}\n' : '\n  ]\n}\n');
  await once(out, 'finish');
  await rm(spoolPath, { force: true });
}
