import { randomBytes } from 'node:crypto';
import { parseSecretsKey, SecretBox, SecretKeyError } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('round trip; each seal differs (random IV); the plaintext does not show', () => {
    const a = box.seal('Bearer s3cr3t', 'source-1');
    const b = box.seal('Bearer s3cr3t', 'source-1');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('s3cr3t');
    expect(box.open(a, 'source-1')).toBe('Bearer s3cr3t');
  });

  it('bound to its source: another aad does not open it', () => {
    expect(() => box.open(box.seal('x', 'source-1'), 'source-2')).toThrow(SecretKeyError);
  });

  it('tampered data and another key are told apart', () => {
    const sealed = box.seal('x', 's');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('y').toString('base64url');
    expect(() => box.open(parts.join('.'), 's')).toThrow(/do not decrypt/);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 's')).toThrow(/another IOC_SECRETS_KEY/);
  });

  it('keys as 64 hex digits or base64 of 32 bytes', () => {
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretsKey('too short')).toBeNull();
    expect(parseSecretsKey(randomBytes(16).toString('base64'))).toBeNull();
  });
});
