/**
 * Formula-injection guard for every cell naskah writes back to a spreadsheet: text starting with
 * = + - @ (or a tab / carriage return) gets a leading apostrophe so a spreadsheet shows it as text and
 * never evaluates it. Pure.
 */

const DANGEROUS_START = /^[=+\-@\t\r]/;

export function neutraliseText(value: string): string {
  return DANGEROUS_START.test(value) ? `'${value}` : value;
}

/** Text cells are neutralised; numbers, dates and booleans are written as they are. */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' ? neutraliseText(value) : value;
}
