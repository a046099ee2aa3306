/**
 * Slows down password guessing without locking the rightful user out.
 * - Per account AND client (username + address): the first FREE_FAILURES wrong passwords cost
 *   nothing; after that each attempt must wait an exponentially growing delay (1 s, 2 s, 4 s, … up to
 *   MAX_DELAY_MS) after the last failure. Someone guessing from another address does not slow the user
 *   down at their own desk. A success clears the pair.
 * - Per client address: a token bucket (ADDRESS_BURST attempts, refilled one per ADDRESS_REFILL_MS)
 *   against one address spraying many usernames; an office behind one NAT has room for its staff.
 * - Per account across all addresses: past ACCOUNT_FREE failures in ACCOUNT_WINDOW_MS, attempts on
 *   that account wait ACCOUNT_DELAY_MS after the last failure — a few seconds, never a lock-out.
 * A refused attempt is not counted and does not check the password. In memory, per process; bounded
 * (least recently used entries are dropped past MAX_KEYS). Imports the error type.
 */
import { AppError } from '../errors/app-error.ts';

export const FREE_FAILURES = 3;
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
export const ADDRESS_BURST = 60;
export const ADDRESS_REFILL_MS = 5000;
export const ACCOUNT_FREE = 20;
export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_DELAY_MS = 5000;
const MAX_KEYS = 50_000;

interface Backoff {
  failures: number;
  lastFailureAt: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A Map that forgets its least recently touched entries beyond `max`. */
class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

/** The delay after `failures` consecutive failures of one account from one client. */
export function backoffDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

export class LoginThrottle {
  private readonly pairs = new BoundedMap<Backoff>(MAX_KEYS);
  private readonly accounts = new BoundedMap<Backoff>(MAX_KEYS);
  private readonly addresses = new BoundedMap<Bucket>(MAX_KEYS);

  constructor(private readonly clock: () => Date) {}

  private bucket(address: string, now: number): Bucket {
    const b = this.addresses.get(address) ?? { tokens: ADDRESS_BURST, updatedAt: now };
    const refilled = Math.min(ADDRESS_BURST, b.tokens + (now - b.updatedAt) / ADDRESS_REFILL_MS);
    return { tokens: refilled, updatedAt: now };
  }

  /** Milliseconds this attempt must still wait (0: it may go ahead). */
  waitMs(username: string, address: string): number {
    const now = this.clock().getTime();
    const pair = this.pairs.get(pairKey(username, address));
    const pairWait = pair ? pair.lastFailureAt + backoffDelayMs(pair.failures) - now : 0;
    const account = this.accounts.get(username.toLowerCase());
    const accountWait = account && account.failures >= ACCOUNT_FREE && now - account.lastFailureAt < ACCOUNT_WINDOW_MS ? account.lastFailureAt + ACCOUNT_DELAY_MS - now : 0;
    const bucket = this.bucket(address, now);
    const addressWait = bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) * ADDRESS_REFILL_MS);
    return Math.max(0, pairWait, accountWait, addressWait);
  }

  /** Throws RATE_LIMITED (with the seconds to wait) when this attempt comes too soon; otherwise takes a token. */
  check(username: string, address: string): void {
    const wait = this.waitMs(username, address);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      const when = seconds >= 120 ? `${Math.ceil(seconds / 60)} menit` : `${seconds} detik`;
      throw new AppError('RATE_LIMITED', `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${when}; bila Anda lupa kata sandi, minta admin mengatur ulang.`, {
        details: { retryAfterSeconds: seconds },
      });
    }
    const now = this.clock().getTime();
    const bucket = this.bucket(address, now);
    this.addresses.set(address, { tokens: bucket.tokens - 1, updatedAt: now });
  }

  fail(username: string, address: string): void {
    const now = this.clock().getTime();
    const key = pairKey(username, address);
    const pair = this.pairs.get(key);
    this.pairs.set(key, { failures: (pair?.failures ?? 0) + 1, lastFailureAt: now });
    const accountKey = username.toLowerCase();
    const account = this.accounts.get(accountKey);
    const fresh = !account || now - account.lastFailureAt >= ACCOUNT_WINDOW_MS;
    this.accounts.set(accountKey, { failures: fresh ? 1 : account.failures + 1, lastFailureAt: now });
  }

  succeed(username: string, address: string): void {
    this.pairs.delete(pairKey(username, address));
    // a successful login gives back the token its attempt took
    const now = this.clock().getTime();
    const bucket = this.bucket(address, now);
    this.addresses.set(address, { tokens: Math.min(ADDRESS_BURST, bucket.tokens + 1), updatedAt: now });
  }
}

function pairKey(username: string, address: string): string {
  return `${username.toLowerCase()}\u0000${address}`;
}
