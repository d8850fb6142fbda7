import { bearerToken } from './api-key.guard';
import { generateApiKey, hashApiKey, sameSecret } from './api-key.util';
import { CAPABILITIES, roleCan } from '@app/contracts';

describe('roleCan', () => {
  it.each([
    ['admin', ['read', 'ingest', 'ack', 'monitor', 'admin']],
    ['operator', ['read', 'ack', 'monitor']],
    ['viewer', ['read']],
    ['district', ['read', 'ack']],
    ['ingest', ['ingest']],
  ] as const)('%s may do exactly %p', (role, allowed) => {
    for (const cap of CAPABILITIES)
      expect([cap, roleCan(role, cap)]).toEqual([cap, (allowed as readonly string[]).includes(cap)]);
  });
});

describe('keys', () => {
  it('are long, random, url-safe, and stored as a SHA-256', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^ioc_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).toBe(hashApiKey(a));
    expect(sameSecret(a, a)).toBe(true);
    expect(sameSecret(a, a + 'x')).toBe(false);
  });
  it('are read from a Bearer header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
