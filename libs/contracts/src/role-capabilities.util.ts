import type { Role } from './role.type';

/** `monitor`: see the service's own state, such as which sockets are open (`GET /api/v1/presence`). */
export const CAPABILITIES = ['read', 'ingest', 'ack', 'monitor', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What each role may do (district keys only inside their scopes, ingest keys too when they have scopes). */
const GRANTS: Record<Role, readonly Capability[]> = {
  admin: ['read', 'ingest', 'ack', 'monitor', 'admin'],
  operator: ['read', 'ack', 'monitor'],
  viewer: ['read'],
  district: ['read', 'ack'],
  ingest: ['ingest'],
};

export function roleCan(role: Role, capability: Capability): boolean {
  return GRANTS[role]?.includes(capability) ?? false;
}

/** Every capability of a role, in CAPABILITIES order. */
export function capabilitiesOf(role: Role): Capability[] {
  return CAPABILITIES.filter((c) => roleCan(role, c));
}
