export const ROLES = ['admin', 'operator', 'viewer', 'district', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the key behind a request or a socket. Never holds the key itself. */
export interface KeyPrincipal {
  id: string;
  name: string;
  role: Role;
  /** Scope codes the key is limited to (each with its descendants); null = unlimited. */
  scopes: string[] | null;
}
