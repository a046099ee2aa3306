/**
 * How a cell's value is quoted back in a row issue: whole when short, else its first characters and
 * how long it was — so a hostile cell is never copied whole into reports, messages or the database.
 * Pure; imports nothing.
 */
export const ECHO_MAX = 40;

export function echoValue(value: string): string {
  return value.length <= ECHO_MAX ? value : `${value.slice(0, ECHO_MAX)}… (${value.length} karakter)`;
}
