/**
 * The one error type of naskah's domain code. Owns the error codes and how an error is shown.
 * May import nothing from the project. Adapters (CLI entry, HTTP error middleware) map codes to exit
 * codes and HTTP statuses in exactly one place each.
 */

export const ERROR_CODES = [
  // input that could not be read or is not of the expected shape (CLI exit 2)
  'USAGE',
  'FILE_UNREADABLE',
  'YAML_INVALID',
  'DOCUMENT_INVALID',
  'TEMPLATE_NOT_FOUND',
  'TEMPLATE_INVALID',
  'TEMPLATE_ERROR',
  'MARKUP_INVALID',
  'SOURCE_NOT_FOUND',
  'FONT_INVALID',
  'LIST_UNREADABLE',
  'COLUMNS_MISSING',
  'CONFIG_INVALID',
  // input read and judged bad (CLI exit 1)
  'ROWS_REJECTED',
  'VERIFICATION_FAILED',
  'AUDIT_CHAIN_BROKEN',
  // workflow and state (HTTP 409/403/404)
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'PARAF_OUT_OF_TURN',
  'STALE_VERSION',
  'CONTENT_CHANGED',
  'CHAIN_INVALID',
  'INVALID_STATE',
  'DELEGATION_INVALID',
  'NUMBER_CONFLICT',
  'QUOTA_EXCEEDED',
  'SIGNATURE_TOO_LARGE',
  'PDF_UNSUPPORTED',
  'SIGNING_FAILED',
  'KEY_INVALID',
  'PASSPHRASE_WRONG',
  'DATABASE_ERROR',
  'MIGRATION_FAILED',
  // the file store (local folder or S3-compatible object store) cannot be reached or written (HTTP 503)
  'STORAGE_ERROR',
  // a resource is held by other work for now (e.g. a reservation under a live lease): try again later (HTTP 503)
  'RETRY_LATER',
  // a feature whose module has not landed in this build (HTTP 501)
  'NOT_AVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where in an input file a problem is: any of file, line (1-based), row (as a spreadsheet shows it), field. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly row?: number;
  readonly field?: string;
}

export interface AppErrorOptions extends ErrorLocation {
  readonly cause?: unknown;
  readonly details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    const { cause: _cause, details, ...location } = options;
    this.location = location;
    this.details = details;
  }

  /** "file:line: field: message" — the form every adapter prints. */
  describe(): string {
    const { file, line, column, row, field } = this.location;
    const where: string[] = [];
    if (file !== undefined) {
      let f = file;
      if (line !== undefined) f += `:${line}`;
      if (line !== undefined && column !== undefined) f += `:${column}`;
      where.push(f);
    }
    if (row !== undefined) where.push(`baris ${row}`);
    if (field !== undefined) where.push(field);
    return where.length > 0 ? `${where.join(': ')}: ${this.message}` : this.message;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Codes meaning "read, but judged bad": exit 1. Everything else that is an AppError of input: exit 2. */
const JUDGED_BAD: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ROWS_REJECTED',
  'VERIFICATION_FAILED',
  'AUDIT_CHAIN_BROKEN',
  'PARAF_OUT_OF_TURN',
  'STALE_VERSION',
  'CONTENT_CHANGED',
  'CHAIN_INVALID',
  'INVALID_STATE',
  'DELEGATION_INVALID',
  'QUOTA_EXCEEDED',
  'FORBIDDEN',
  'PASSPHRASE_WRONG',
]);

export function exitCodeFor(error: unknown): 1 | 2 {
  if (isAppError(error) && JUDGED_BAD.has(error.code)) return 1;
  return 2;
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  YAML_INVALID: 400,
  DOCUMENT_INVALID: 400,
  TEMPLATE_NOT_FOUND: 404,
  TEMPLATE_ERROR: 400,
  MARKUP_INVALID: 400,
  LIST_UNREADABLE: 400,
  COLUMNS_MISSING: 400,
  ROWS_REJECTED: 422,
  VERIFICATION_FAILED: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  PARAF_OUT_OF_TURN: 409,
  STALE_VERSION: 409,
  CONTENT_CHANGED: 409,
  CHAIN_INVALID: 422,
  INVALID_STATE: 409,
  DELEGATION_INVALID: 403,
  NUMBER_CONFLICT: 409,
  QUOTA_EXCEEDED: 422,
  PASSPHRASE_WRONG: 403,
  // an uploaded file that cannot be read, a PDF the signer/verifier cannot handle, a missing key: the
  // caller's input or setup, not a server fault
  FILE_UNREADABLE: 400,
  SOURCE_NOT_FOUND: 400,
  PDF_UNSUPPORTED: 422,
  KEY_INVALID: 422,
  NOT_AVAILABLE: 501,
  STORAGE_ERROR: 503,
  RETRY_LATER: 503,
};

export function httpStatusFor(error: unknown): number {
  return isAppError(error) ? (HTTP_STATUS[error.code] ?? 500) : 500;
}
