import type { Alert } from './alert.type';
import type { LivePoint } from './point.type';
import type { LiveSource } from './source.type';

export const LIVE_NAMESPACE = '/live';

export interface SubscribeRequest {
  indicators?: string[];
  domains?: string[];
  scopes?: string[];
  cursor?: string;
}

/**
 * A `subscribe` answer. `alerts`: the alerts in state `firing` or `acknowledged` that the
 * subscription matches and the key may see (a wall that reboots shows the same alarms).
 */
export type SubscribeAck =
  { ok: true; snapshot: LivePoint[]; cursor: string; resync?: true; alerts: Alert[] } | { ok: false; error: string };

export type UnsubscribeAck = { ok: true } | { ok: false; error: string };

export interface ValuesEvent {
  cursor: string;
  points: LivePoint[];
}

/**
 * Sent at least every 15 s on a subscribed socket with no other traffic: the stream position the
 * socket is covered up to (a cursor to resume from) and the server time (epoch ms).
 */
export interface HeartbeatEvent {
  cursor: string;
  at: number;
}

/**
 * Sent when a gateway process is about to stop (SIGTERM): the socket is closed right after, and
 * a client reconnects (to another process behind the load balancer) after about `retryInMs`,
 * resuming from its last cursor.
 */
export interface DrainingEvent {
  reason: 'shutdown';
  retryInMs: number;
}

/** One open socket, as `GET /api/v1/presence` lists it (across every gateway process). */
export interface PresenceConnection {
  /** The socket id. */
  id: string;
  keyName: string;
  role: string;
  /** The key's scopes; absent for a key that sees every scope. */
  scopes?: string[];
  /** The socket's current subscription (without its cursor), or null before it subscribes. */
  subscription: Omit<SubscribeRequest, 'cursor'> | null;
  /** The gateway process serving the socket (host name and process id). */
  gateway: string;
  connectedAt: number;
  /** The newest cursor sent to the socket (in an ack, `values` or `heartbeat`), or null. */
  lastCursor: string | null;
  address: string;
}

export interface PresenceAnswer {
  connections: PresenceConnection[];
}

/** Socket.IO event maps of namespace /live, shared by the gateway, the client library and the wall. */
export interface LiveServerToClientEvents {
  values: (event: ValuesEvent) => void;
  alert: (alert: Alert) => void;
  heartbeat: (event: HeartbeatEvent) => void;
  draining: (event: DrainingEvent) => void;
  source: (event: LiveSource) => void;
}

export interface LiveClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe: (request: Record<string, never>, ack: (answer: UnsubscribeAck) => void) => void;
}

/*
 * The event names of each map as runtime lists (the AsyncAPI document and its test read them). Each
 * record must name every event of its map and nothing else, or the build fails: adding an event to a
 * map without documenting it does not compile.
 */
const SERVER_EVENT_NAMES: Record<keyof LiveServerToClientEvents, true> = {
  values: true,
  alert: true,
  heartbeat: true,
  draining: true,
  source: true,
};
const CLIENT_EVENT_NAMES: Record<keyof LiveClientToServerEvents, true> = { subscribe: true, unsubscribe: true };

/** Events the server emits on /live. */
export const LIVE_SERVER_EVENTS = Object.keys(SERVER_EVENT_NAMES) as readonly (keyof LiveServerToClientEvents)[];
/** Events a client emits on /live (each with an acknowledgement callback). */
export const LIVE_CLIENT_EVENTS = Object.keys(CLIENT_EVENT_NAMES) as readonly (keyof LiveClientToServerEvents)[];
