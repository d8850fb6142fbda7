import { jsonDepthExceeds } from './json-depth.util';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('counts the top-level object or array as level 1', () => {
    expect(jsonDepthExceeds('{}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":[]}', 1)).toBe(true);
    expect(jsonDepthExceeds('{"a":[]}', 2)).toBe(false);
    expect(jsonDepthExceeds('42', 1)).toBe(false);
    expect(jsonDepthExceeds('"x"', 1)).toBe(false);
  });

  it('is exact at the limit', () => {
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds(nested(10_000), 32)).toBe(true);
  });

  it('measures the deepest point, not the number of containers', () => {
    const wide = JSON.stringify({
      points: Array.from({ length: 1000 }, (_, i) => ({ indicator: 'a', ts: i, v: [i] })),
    });
    expect(jsonDepthExceeds(wide, 4)).toBe(false);
    expect(jsonDepthExceeds(wide, 3)).toBe(true);
  });

  it('skips brackets inside strings, escaped quotes and backslashes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ s: '[[[[{{{{' }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ s: 'a "quoted [[[" b' }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ s: 'ends with a backslash \\', t: [[]] }), 2)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ s: 'ends with a backslash \\', t: '[[' }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ s: 'Thủ Dầu Một [' }), 1)).toBe(false);
  });

  it('reads bytes as well as strings', () => {
    expect(jsonDepthExceeds(Buffer.from(nested(5)), 4)).toBe(true);
    expect(jsonDepthExceeds(new Uint8Array(Buffer.from(nested(4))), 4)).toBe(false);
  });
});
