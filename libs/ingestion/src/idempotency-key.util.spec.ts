import { idempotencyKeyProblem, idempotencyRedisKey } from './idempotency-key.util';

describe('idempotencyKeyProblem', () => {
  it('takes 1 to 200 printable ASCII characters', () => {
    for (const ok of ['a', 'batch 2026-12-01 #7', '~!@#$%^&*()', 'x'.repeat(200)])
      expect(idempotencyKeyProblem(ok)).toBeNull();
  });
  it('names the header for anything else', () => {
    for (const bad of ['', 'x'.repeat(201), 'tab\there', 'ngày', 'nul\u0000'])
      expect(idempotencyKeyProblem(bad)).toBe('Idempotency-Key: must be 1 to 200 printable ASCII characters');
  });
});

describe('idempotencyRedisKey', () => {
  it('is per API key and hashes the header', () => {
    const k = idempotencyRedisKey('ioc', 'key-1', 'batch 7');
    expect(k).toMatch(/^ioc:idem:key-1:[0-9a-f]{64}$/);
    expect(k).not.toContain('batch');
    expect(idempotencyRedisKey('ioc', 'key-2', 'batch 7')).not.toBe(k);
    expect(idempotencyRedisKey('ioc', 'key-1', 'batch 7')).toBe(k);
  });
});
