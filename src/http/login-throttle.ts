/**
 * Slows down password guessing: after MAX_FAILURES wrong logins for one username (from anywhere), or
 * MAX_FAILURES_PER_ADDRESS from one client address (higher: an office behind one NAT shares it),
 * within WINDOW_MS, further attempts are refused until the window passes.
 * In memory, per process (a restart forgets; several processes each count on their own).
 * Imports the error type.
 */
import { AppError } from '../errors/app-error.ts';

export const MAX_FAILURES = 10;
export const MAX_FAILURES_PER_ADDRESS = 50;
export const WINDOW_MS = 15 * 60 * 1000;
const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: () => Date) {}

  private recent(key: string): number[] {
    const since = this.clock().getTime() - WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Throws RATE_LIMITED when the username or the address has failed too often lately. */
  check(username: string, address: string): void {
    for (const [key, max] of [
      [`u:${username.toLowerCase()}`, MAX_FAILURES],
      [`a:${address}`, MAX_FAILURES_PER_ADDRESS],
    ] as const) {
      const list = this.recent(key);
      if (list.length >= max) {
        const waitMin = Math.max(1, Math.ceil((list[0]! + WINDOW_MS - this.clock().getTime()) / 60_000));
        throw new AppError('RATE_LIMITED', `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${waitMin} menit, atau minta admin mengatur ulang kata sandi Anda.`);
      }
    }
  }

  fail(username: string, address: string): void {
    if (this.failures.size > MAX_KEYS) this.failures.clear();
    const now = this.clock().getTime();
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) this.failures.set(key, [...this.recent(key), now]);
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }
}
