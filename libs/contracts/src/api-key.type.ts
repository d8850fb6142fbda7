import type { Capability } from './role-capabilities.util';
import type { Role } from './role.type';

/** `POST /api/v1/api-keys` body. `scopes` limits `district` (required there) and `ingest` keys. */
export interface NewApiKey {
  name: string;
  role: Role;
  scopes?: string[] | null;
}

/** The `201` answer: the only time `key` is shown (it is stored hashed). `scopes` null = every scope. */
export interface CreatedApiKey {
  id: string;
  key: string;
  name: string;
  role: Role;
  scopes: string[] | null;
}

/** A key as `GET /api/v1/api-keys` lists it: never the secret, only its first characters. */
export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  scopes: string[] | null;
  /** The key's first 10 characters (`ioc_` and 6 more), to tell keys apart. */
  keyPrefix: string;
  /** ISO-8601 time of creation. */
  createdAt: string;
}

/**
 * `GET /api/v1/me`: the calling key as the service sees it, for any role. A screen shows what the key
 * may do (the wall offers Acknowledge only with `ack`) instead of learning it from a refusal.
 */
export interface KeyIdentity {
  name: string;
  role: Role;
  /** Scope codes the key is limited to (each with its descendants); null = every scope. */
  scopes: string[] | null;
  /** What the role may do: `read`, `ingest`, `ack`, `monitor`, `admin` (district keys: inside their scopes). */
  capabilities: Capability[];
}
