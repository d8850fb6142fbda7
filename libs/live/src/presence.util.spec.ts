import type { PresenceConnection } from '@app/contracts';
import { mergePresence, presenceConnection, presenceKeys } from './presence.util';

const connection = (id: string, gateway: string, connectedAt: number): PresenceConnection => ({
  id,
  keyName: 'wall',
  role: 'viewer',
  subscription: null,
  gateway,
  connectedAt,
  lastCursor: null,
  address: '10.0.0.1',
});

describe('presenceConnection', () => {
  const socket = {
    id: 's1',
    connectedAt: 1000,
    address: '10.0.0.9',
    subscription: { scopes: ['718'] },
    lastCursor: '5-0',
  };

  it('shows the key by name and role, never the key itself, and its scopes when it has some', () => {
    const principal = { id: 'k1', name: 'Thủ Dầu Một', role: 'district' as const, scopes: ['718'] };
    expect(presenceConnection({ ...socket, principal }, 'gw:1')).toEqual({
      id: 's1',
      keyName: 'Thủ Dầu Một',
      role: 'district',
      scopes: ['718'],
      subscription: { scopes: ['718'] },
      gateway: 'gw:1',
      connectedAt: 1000,
      lastCursor: '5-0',
      address: '10.0.0.9',
    });
  });

  it('leaves scopes out for a key that sees every scope', () => {
    const principal = { id: 'k2', name: 'ops', role: 'operator' as const, scopes: null };
    expect(presenceConnection({ ...socket, principal }, 'gw:1')).not.toHaveProperty('scopes');
  });
});

describe('mergePresence', () => {
  it("joins this process's connections with the other gateways' entries, oldest first", () => {
    const own = [connection('a', 'gw:1', 30)];
    const other = JSON.stringify([connection('b', 'gw:2', 10), connection('c', 'gw:2', 40)]);
    expect(mergePresence(own, 'gw:1', [other]).map((c) => c.id)).toEqual(['b', 'a', 'c']);
  });

  it("takes this process's own connections from memory, not from its (older) entry in Redis", () => {
    const stale = JSON.stringify([connection('gone', 'gw:1', 5)]);
    expect(mergePresence([connection('a', 'gw:1', 30)], 'gw:1', [stale]).map((c) => c.id)).toEqual(['a']);
  });

  it('skips expired (null) and unreadable entries', () => {
    const entries = [
      null,
      'not json',
      '{"id":"x"}',
      '[null, 3, {"no":"id"}]',
      JSON.stringify([connection('b', 'gw:2', 1)]),
    ];
    expect(mergePresence([], 'gw:1', entries).map((c) => c.id)).toEqual(['b']);
  });
});

describe('presenceKeys', () => {
  it('live under the configured prefix', () => {
    const keys = presenceKeys('ioc');
    expect([keys.gateways, keys.entry('host:42')]).toEqual(['ioc:presence:gateways', 'ioc:presence:gw:host:42']);
  });
});
