import type { RejectedPoint } from './ingest.type';

/** Kinds of sources that ioc-stream collects from. */
export const SOURCE_KINDS = ['http', 'mqtt'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Shown instead of a secret (a secret header's value, a password): secrets are never returned. */
export const SECRET_MASK = '***';

/** The state of a source: `failing` after IOC_SOURCE_FAILING_AFTER failed runs in a row. */
export type SourceStateName = 'ok' | 'failing' | 'paused';

/** How a source's answer becomes points (see docs/connectors.md). */
export type SourceMappingInput =
  { points: string } | { each?: string; indicator: string; scope: string; ts?: string; value: string };

/** The settings of an HTTP poll, as shown (secret header values as SECRET_MASK). */
export interface HttpSourceSettings {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  intervalSeconds?: number;
  cron?: string;
  timeoutMs: number;
  maxBytes: number;
  mapping: SourceMappingInput;
}

/** The settings of an MQTT source, as shown (a password as SECRET_MASK). */
export interface MqttSourceSettings {
  url: string;
  username?: string;
  password?: string;
  clientId?: string;
  /** Topic filters, subscribed with QoS 1 (`+` one level, `#` the rest). */
  topics: string[];
  mapping: SourceMappingInput;
}

/** `GET /api/v1/sources/:id` and each entry of `GET /api/v1/sources`. */
export interface SourceInfo extends Partial<HttpSourceSettings>, Partial<Omit<MqttSourceSettings, 'url' | 'mapping'>> {
  id: string;
  name: string;
  kind: SourceKind;
  state: SourceStateName;
  paused: boolean;
  /** Code of the scope of its `system.source_health` series. */
  healthScope: string;
  lastRunAt: number | null;
  lastSuccessAt: number | null;
  /** The last failure in words, or null after a success. */
  lastError: string | null;
  /** Failed runs in a row. */
  failures: number;
  /** Points taken and rejected since the source was created. */
  accepted: number;
  rejected: number;
  /** Points of the last run that were rejected, with their item index and reason (at most 20). */
  lastRejected: RejectedPoint[];
  /** When the next try is due (epoch ms), or null when paused. */
  nextRunAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The indicator of every source's health series (scope: the source's `healthScope`). */
export const SOURCE_HEALTH_INDICATOR = 'system.source_health';

/** Fields of a source's state sent live (no settings: those never leave the API). */
export const LIVE_SOURCE_FIELDS = [
  'id',
  'name',
  'kind',
  'state',
  'paused',
  'healthScope',
  'lastRunAt',
  'lastSuccessAt',
  'lastError',
  'failures',
  'accepted',
  'rejected',
  'nextRunAt',
] as const;

/**
 * Socket event `source`: a source's state after a run, a connection change or an edit (MQTT sources:
 * at most once a second while messages flow). Sent to admin keys whose subscription takes the
 * source's health series (`system.source_health` at `healthScope`).
 */
export type LiveSource = Pick<SourceInfo, (typeof LIVE_SOURCE_FIELDS)[number]> & { deleted?: true };

/** The live form of a source's state. */
export function liveSourceOf(info: SourceInfo): LiveSource {
  const out = {} as Record<string, unknown>;
  for (const f of LIVE_SOURCE_FIELDS) out[f] = info[f];
  return out as LiveSource;
}

export interface SourceList {
  sources: SourceInfo[];
}
