import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** The key could not decrypt a stored secret (another IOC_SECRETS_KEY, or tampered data). */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/**
 * A 32-byte key from its text form: 64 hex digits, or base64 of 32 bytes (`openssl rand -base64 32`).
 * Returns null when the text is neither.
 */
export function parseSecretsKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  return null;
}

/**
 * AES-256-GCM (node:crypto) for the secrets of source settings. A sealed value is
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url), where the key id is the start of the key's
 * SHA-256 (so a wrong key is told apart from tampered data) and `aad` (the source id) binds the
 * ciphertext to its row: copied onto another source, it does not open.
 */
export class SecretBox {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
    this.keyId = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.keyId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string, aad: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION)
      throw new SecretKeyError('stored secrets are not in a known format');
    const [, keyId, iv, tag, ct] = parts;
    if (keyId !== this.keyId) {
      throw new SecretKeyError(
        'stored secrets were encrypted with another IOC_SECRETS_KEY: set the key they were written with, or enter the secrets again',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError('stored secrets do not decrypt (changed in the database?): enter them again');
    }
  }
}
