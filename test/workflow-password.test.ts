import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from '../src/officials/password-hash.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('rahasia-KUPANG-2025');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('rahasia-KUPANG-2025', stored)).toBe(true);
    expect(await verifyPassword('rahasia-kupang-2025', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });
  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('sama'), hashPassword('sama')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('sama', a)).toBe(true);
    expect(await verifyPassword('sama', b)).toBe(true);
  });
  it('refuses stored values it did not make', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$abc$8$1$AA==$AA==')).toBe(false);
  });
  it('generates passwords of the asked length from an unambiguous alphabet', () => {
    const p = generatePassword(20);
    expect(p).toHaveLength(20);
    expect(p).not.toMatch(/[0O1lI]/);
  });
});
