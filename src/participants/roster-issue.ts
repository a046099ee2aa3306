/**
 * One problem found in one row of a participant list, as the report carries it. Pure types.
 */

export const ISSUE_CODES = [
  'NIK_FORMAT',
  'NIK_REGION',
  'NIK_BIRTHDATE_MISMATCH',
  'NIK_SEX_MISMATCH',
  'NIK_PRECISION_LOST',
  'NIK_DUPLICATE',
  'NIK_ALREADY_APPROVED',
  'KK_FORMAT',
  'KK_REGION',
  'KK_PRECISION_LOST',
  'REQUIRED_MISSING',
  'DATE_INVALID',
  'SEX_INVALID',
  'WAGE_INVALID',
  'RELATION_INVALID',
  'ROW_MALFORMED',
  'LIST_EMPTY',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** An error rejects the row; a warning is reported and the row stays accepted. */
export type Severity = 'error' | 'warning';

export interface RowIssue {
  /** The row number a spreadsheet shows (header = row 1). */
  readonly row: number;
  /** The column header as written in the file; null for a problem of the whole row. */
  readonly column: string | null;
  readonly code: IssueCode;
  readonly severity: Severity;
  /** Indonesian, says what is wrong and how to fix it. */
  readonly message: string;
}
