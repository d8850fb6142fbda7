import { payloadDepthExceeds } from './payload-depth.util';

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

describe('payloadDepthExceeds', () => {
  it('scalars and flat values are depth 0 or 1', () => {
    expect(payloadDepthExceeds(5, 1)).toBe(false);
    expect(payloadDepthExceeds({ scopes: ['a', 'b'] }, 2)).toBe(false);
    expect(payloadDepthExceeds({ scopes: ['a', 'b'] }, 1)).toBe(true);
  });

  it('counts objects and arrays alike, exactly at the limit', () => {
    expect(payloadDepthExceeds(nested(32), 32)).toBe(false);
    expect(payloadDepthExceeds(nested(33), 32)).toBe(true);
  });

  it('is safe on 100,000 levels', () => {
    expect(payloadDepthExceeds(nested(100_000), 32)).toBe(true);
  });

  it('finds a deep branch beside shallow ones', () => {
    expect(payloadDepthExceeds({ a: 1, b: [1, 2], c: { d: nested(40) } }, 32)).toBe(true);
  });
});
