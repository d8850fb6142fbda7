import type { IndicatorPoint } from '@app/contracts';

/** What the per-point checks need to know; the ingest service builds it from the catalogue and the key. */
export interface PointCheckContext {
  indicatorExists(code: string): boolean;
  scopeExists(code: string): boolean;
  /** May this key write to this (known) scope? */
  scopeAllowed(code: string): boolean;
  /** Is this ts inside the accepted window? Returns a reason when not. */
  timestampProblem(ts: number): string | null;
}

export interface RejectedPoint {
  index: number;
  reason: string;
}

export interface PointCheckResult {
  accepted: IndicatorPoint[];
  rejected: RejectedPoint[];
}

/** ISO-8601 date-time with an explicit offset (Z or ±hh:mm / ±hhmm). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an input timestamp: epoch ms (integer) or an ISO string with an offset. */
export function parseTimestamp(raw: unknown): number | string {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return 'ts: must be a finite number of epoch milliseconds';
    if (!Number.isInteger(raw)) return 'ts: epoch milliseconds must be a whole number';
    return raw;
  }
  if (typeof raw === 'string') {
    if (!ISO_WITH_OFFSET.test(raw)) {
      return `ts: "${clip(raw)}" is not an ISO-8601 date-time with an offset (e.g. 2026-11-23T08:00:00+07:00) nor epoch milliseconds`;
    }
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? `ts: "${clip(raw)}" is not a valid date-time` : ms;
  }
  if (raw === undefined) return 'ts: missing (epoch milliseconds or an ISO-8601 string with an offset)';
  return `ts: must be epoch milliseconds or an ISO-8601 string with an offset, not ${describe(raw)}`;
}

/** Checks one raw point; returns the point or the reason it is rejected. */
export function checkPoint(raw: unknown, ctx: PointCheckContext): IndicatorPoint | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `point must be an object {indicator, scope, ts, value}, not ${describe(raw)}`;
  }
  const p = raw as Record<string, unknown>;
  const { indicator, scope, value } = p;
  if (typeof indicator !== 'string' || indicator === '') return 'indicator: missing or not a string';
  if (typeof scope !== 'string' || scope === '') return 'scope: missing or not a string';
  if (typeof value !== 'number') {
    return value === undefined ? 'value: missing' : `value: must be a finite JSON number, not ${describe(value)}`;
  }
  if (!Number.isFinite(value)) return 'value: must be a finite number';
  const ts = parseTimestamp(p.ts);
  if (typeof ts === 'string') return ts;
  if (!ctx.indicatorExists(indicator)) return `indicator: unknown indicator "${clip(indicator)}"`;
  if (!ctx.scopeExists(scope)) return `scope: unknown scope "${clip(scope)}"`;
  if (!ctx.scopeAllowed(scope)) return `scope: "${clip(scope)}" is not allowed for this key`;
  const tsProblem = ctx.timestampProblem(ts);
  if (tsProblem) return tsProblem;
  return { indicator, scope, ts, value };
}

/** Checks every point; one bad point never sinks the others. */
export function checkPoints(points: readonly unknown[], ctx: PointCheckContext): PointCheckResult {
  const accepted: IndicatorPoint[] = [];
  const rejected: RejectedPoint[] = [];
  for (let index = 0; index < points.length; index++) {
    const result = checkPoint(points[index], ctx);
    if (typeof result === 'string') rejected.push({ index, reason: result });
    else accepted.push(result);
  }
  return { accepted, rejected };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string "${clip(v)}"`;
  return `a ${typeof v}`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
