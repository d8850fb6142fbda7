import type { Alert } from './alert.type';
import type { IndicatorPoint } from './point.type';

export const LIVE_NAMESPACE = '/live';

export interface SubscribeRequest {
  indicators?: string[];
  domains?: string[];
  scopes?: string[];
  cursor?: string;
}

export type SubscribeAck =
  { ok: true; snapshot: IndicatorPoint[]; cursor: string; resync?: true } | { ok: false; error: string };

export type UnsubscribeAck = { ok: true } | { ok: false; error: string };

export interface ValuesEvent {
  cursor: string;
  points: IndicatorPoint[];
}

/** Socket.IO event maps of namespace /live, shared by the gateway, the client library and the wall. */
export interface LiveServerToClientEvents {
  values: (event: ValuesEvent) => void;
  alert: (alert: Alert) => void;
}

export interface LiveClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe: (request: Record<string, never>, ack: (answer: UnsubscribeAck) => void) => void;
}
