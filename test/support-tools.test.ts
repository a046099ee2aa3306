import { describe, expect, it } from 'vitest';
import { hasTool, MissingToolError, requireTools, toolsRequired } from './support/tools.ts';

describe('test tool detection', () => {
  it('finds a tool every machine has and reports an absent one', () => {
    expect(hasTool('sh', {})).toBe(true);
    expect(hasTool('naskah-no-such-tool-x', {})).toBe(false);
  });

  it('turns a missing tool into a failure when NASKAH_REQUIRE_TOOLS or CI is set', () => {
    expect(toolsRequired({ NASKAH_REQUIRE_TOOLS: '1' })).toBe(true);
    expect(toolsRequired({ CI: 'true' })).toBe(true);
    expect(toolsRequired({})).toBe(false);
    expect(() => hasTool('naskah-no-such-tool-x', { NASKAH_REQUIRE_TOOLS: '1' })).toThrow(MissingToolError);
  });

  it('requireTools throws under the switch of this process and skips (false) without it', () => {
    const saved = { r: process.env.NASKAH_REQUIRE_TOOLS, ci: process.env.CI };
    try {
      process.env.NASKAH_REQUIRE_TOOLS = '1';
      expect(() => requireTools('probe', 'naskah-no-such-tool-x')).toThrow(/naskah-no-such-tool-x/);
      delete process.env.NASKAH_REQUIRE_TOOLS;
      delete process.env.CI;
      expect(requireTools('probe', 'naskah-no-such-tool-x')).toBe(false);
      expect(requireTools('probe', 'sh')).toBe(true);
    } finally {
      if (saved.r === undefined) delete process.env.NASKAH_REQUIRE_TOOLS;
      else process.env.NASKAH_REQUIRE_TOOLS = saved.r;
      if (saved.ci !== undefined) process.env.CI = saved.ci;
    }
  });
});
