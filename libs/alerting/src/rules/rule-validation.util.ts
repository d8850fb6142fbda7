import {
  type AlertChannel,
  type AlertCondition,
  type AlertEscalation,
  SEVERITIES,
  type Severity,
} from '@app/contracts';

/** A rule body that is not valid: the message names the field. */
export class RuleProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleProblem';
  }
}

/** What the API accepts on create; on PATCH every field is optional. */
export interface RuleInput {
  indicator: string;
  scope?: string | null;
  condition: AlertCondition;
  severity: Severity;
  forSeconds: number;
  renotifySeconds: number | null;
  channels: AlertChannel[];
  escalate: AlertEscalation | null;
  enabled: boolean;
}

/** Checks one channel: a message naming the field, or null (the delivery library's `channelProblem`). */
export type ChannelCheck = (channel: unknown, field: string) => string | null;

const WEEK_S = 7 * 86_400;
const OPS = ['>', '>=', '<', '<=', 'outside', 'stale', 'below_target_pct', 'change_pct', 'missing', 'revision_pct'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown, field: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RuleProblem(`${field}: must be a finite number`);
  return v;
};
const seconds = (v: unknown, field: string, min: number, max: number): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RuleProblem(`${field}: must be a whole number of seconds from ${min} to ${max}`);
  }
  return v;
};

export function parseCondition(raw: unknown): AlertCondition {
  if (!isObject(raw)) throw new RuleProblem('condition: must be an object such as {"op": ">", "value": 100}');
  const op = raw.op;
  if (typeof op !== 'string' || !OPS.includes(op)) {
    throw new RuleProblem(`condition.op: must be one of ${OPS.join(', ')}`);
  }
  const clear = raw.clear === undefined || raw.clear === null ? undefined : finite(raw.clear, 'condition.clear');
  switch (op) {
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const value = finite(raw.value, 'condition.value');
      if (clear !== undefined && (op[0] === '>' ? clear > value : clear < value)) {
        throw new RuleProblem(
          `condition.clear: must be ${op[0] === '>' ? 'at most' : 'at least'} condition.value (${value}): the series crosses back past it to resolve`,
        );
      }
      return clear === undefined ? { op, value } : { op, value, clear };
    }
    case 'outside': {
      const low = finite(raw.low, 'condition.low');
      const high = finite(raw.high, 'condition.high');
      if (low > high) throw new RuleProblem(`condition.low: ${low} is greater than condition.high (${high})`);
      if (clear !== undefined && (clear < 0 || low + clear > high - clear)) {
        throw new RuleProblem(
          'condition.clear: for outside, a margin inside the band: at least 0 and at most half of high - low',
        );
      }
      return clear === undefined ? { op, low, high } : { op, low, high, clear };
    }
    case 'missing':
      return { op };
    case 'revision_pct': {
      const value = finite(raw.value, 'condition.value');
      if (value <= 0) throw new RuleProblem('condition.value: a percentage of the replaced value, greater than 0');
      return { op, value };
    }
    case 'stale':
      return { op, seconds: seconds(raw.seconds, 'condition.seconds', 1, 366 * 86_400) };
    case 'below_target_pct': {
      const value = finite(raw.value, 'condition.value');
      if (value <= 0) throw new RuleProblem('condition.value: a percentage of the target, greater than 0');
      if (clear !== undefined && clear < value)
        throw new RuleProblem(`condition.clear: must be at least condition.value (${value})`);
      return clear === undefined ? { op, value } : { op, value, clear };
    }
    default: {
      const value = finite(raw.value, 'condition.value');
      if (value <= 0) throw new RuleProblem('condition.value: a percentage of change, greater than 0');
      const direction = raw.direction ?? 'any';
      if (direction !== 'up' && direction !== 'down' && direction !== 'any') {
        throw new RuleProblem('condition.direction: must be up, down or any');
      }
      return { op: 'change_pct', value, direction };
    }
  }
}

function parseChannels(raw: unknown, field: string, check: ChannelCheck): AlertChannel[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new RuleProblem(`${field}: must be an array of channels`);
  if (raw.length > 20) throw new RuleProblem(`${field}: at most 20 channels`);
  raw.forEach((c, i) => {
    const problem = check(c, `${field}[${i}]`);
    if (problem) throw new RuleProblem(problem);
  });
  return raw as AlertChannel[];
}

function parseEscalate(raw: unknown, check: ChannelCheck): AlertEscalation | null {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) throw new RuleProblem('escalate: must be {afterSeconds, channels}');
  const afterSeconds = seconds(raw.afterSeconds, 'escalate.afterSeconds', 1, WEEK_S);
  const channels = parseChannels(raw.channels, 'escalate.channels', check);
  if (channels.length === 0) throw new RuleProblem('escalate.channels: give at least one channel');
  return { afterSeconds, channels };
}

function parseSeverity(raw: unknown): Severity {
  if (!(SEVERITIES as readonly unknown[]).includes(raw))
    throw new RuleProblem(`severity: must be one of ${SEVERITIES.join(', ')}`);
  return raw as Severity;
}

function optionalSeconds(raw: unknown, field: string, min: number): number | null {
  return raw === undefined || raw === null ? null : seconds(raw, field, min, WEEK_S);
}

/** A create body → a rule input (catalogue checks are the caller's). */
export function parseRuleBody(body: unknown, check: ChannelCheck): RuleInput {
  if (!isObject(body)) throw new RuleProblem('the body must be a JSON object {indicator, condition, severity, ...}');
  if (typeof body.indicator !== 'string' || body.indicator === '')
    throw new RuleProblem('indicator: required, an indicator code');
  if (body.scope !== undefined && body.scope !== null && typeof body.scope !== 'string') {
    throw new RuleProblem('scope: must be a scope code (or absent for every scope)');
  }
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
    throw new RuleProblem('enabled: must be true or false');
  return {
    indicator: body.indicator,
    scope: (body.scope as string | undefined) ?? null,
    condition: parseCondition(body.condition),
    severity: parseSeverity(body.severity),
    forSeconds: body.forSeconds === undefined ? 0 : seconds(body.forSeconds, 'forSeconds', 0, WEEK_S),
    renotifySeconds: optionalSeconds(body.renotifySeconds, 'renotifySeconds', 10),
    channels: parseChannels(body.channels, 'channels', check),
    escalate: parseEscalate(body.escalate, check),
    enabled: (body.enabled as boolean | undefined) ?? true,
  };
}

/** A PATCH body → the fields it changes. */
export function parseRulePatch(body: unknown, check: ChannelCheck): Partial<RuleInput> {
  if (!isObject(body)) throw new RuleProblem('the body must be a JSON object');
  const out: Partial<RuleInput> = {};
  for (const k of Object.keys(body)) {
    if (!['enabled', 'severity', 'channels', 'forSeconds', 'condition', 'renotifySeconds', 'escalate'].includes(k)) {
      throw new RuleProblem(
        `${k}: cannot be changed (enabled, severity, channels, forSeconds, condition, renotifySeconds, escalate can)`,
      );
    }
  }
  if ('enabled' in body) {
    if (typeof body.enabled !== 'boolean') throw new RuleProblem('enabled: must be true or false');
    out.enabled = body.enabled;
  }
  if ('severity' in body) out.severity = parseSeverity(body.severity);
  if ('channels' in body) out.channels = parseChannels(body.channels, 'channels', check);
  if ('forSeconds' in body) out.forSeconds = seconds(body.forSeconds, 'forSeconds', 0, WEEK_S);
  if ('condition' in body) out.condition = parseCondition(body.condition);
  if ('renotifySeconds' in body) out.renotifySeconds = optionalSeconds(body.renotifySeconds, 'renotifySeconds', 10);
  if ('escalate' in body) out.escalate = parseEscalate(body.escalate, check);
  return out;
}
