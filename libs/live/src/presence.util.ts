import type { KeyPrincipal, PresenceConnection, SubscribeRequest } from '@app/contracts';
import { hostname } from 'node:os';

/** This process's name in the presence list: host name and process id. */
export function gatewayName(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Redis keys of the presence list: one JSON entry per gateway process (expiring), and an index of
 * the gateways that wrote one (so reading the list never scans the keyspace).
 */
export function presenceKeys(prefix: string): { gateways: string; entry: (gateway: string) => string } {
  return {
    gateways: `${prefix}:presence:gateways`,
    entry: (gateway) => `${prefix}:presence:gw:${gateway}`,
  };
}

/** What presence reads from one open socket. */
export interface PresenceSocket {
  id: string;
  principal: KeyPrincipal;
  connectedAt: number;
  address: string;
  subscription: Omit<SubscribeRequest, 'cursor'> | null;
  lastCursor: string | null;
}

export function presenceConnection(socket: PresenceSocket, gateway: string): PresenceConnection {
  const { principal } = socket;
  return {
    id: socket.id,
    keyName: principal.name,
    role: principal.role,
    ...(principal.scopes ? { scopes: principal.scopes } : {}),
    subscription: socket.subscription,
    gateway,
    connectedAt: socket.connectedAt,
    lastCursor: socket.lastCursor,
    address: socket.address,
  };
}

/**
 * The whole list: this process's own connections (fresh) and the entries other gateway processes
 * wrote (an entry that is missing, expired or unreadable counts as no connections), oldest first.
 */
export function mergePresence(
  own: readonly PresenceConnection[],
  ownGateway: string,
  entries: ReadonlyArray<string | null>,
): PresenceConnection[] {
  const all = [...own];
  for (const entry of entries) {
    if (entry === null) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry);
    } catch {
      continue;
    }
    if (!Array.isArray(parsed)) continue;
    for (const c of parsed as PresenceConnection[]) {
      if (c && typeof c === 'object' && typeof c.id === 'string' && c.gateway !== ownGateway) all.push(c);
    }
  }
  return all.sort((a, b) => a.connectedAt - b.connectedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
