import type { Role } from './role.type';

export const CAPABILITIES = ['read', 'ingest', 'ack', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What each role may do (district keys only inside their scopes, ingest keys too when they have scopes). */
const GRANTS: Record<Role, readonly Capability[]> = {
  admin: ['read', 'ingest', 'ack', 'admin'],
  operator: ['read', 'ack'],
  viewer: ['read'],
  district: ['read', 'ack'],
  ingest: ['ingest'],
};

export function roleCan(role: Role, capability: Capability): boolean {
  return GRANTS[role]?.includes(capability) ?? false;
}
