import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { seriesId, type SeriesRef } from '@app/contracts';
import { RedisConnections } from '@app/redis';
import type { ChainableCommander, Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Signal } from '../rules/condition.util';

/**
 * A transition not recorded after this long was abandoned by a crash and is handed back; until then
 * evaluations of that state are skipped (its recorder is at work).
 */
export const RECORDING_GRACE_MS = 5000;

/** What the periodic sweep asks: `due` (fire a pending breach whose time came) or `replay` (an unrecorded transition). */
export type StateSignal = Signal | 'due' | 'replay';

/** A change of state that must be recorded (database, live event, channels). */
export type TransitionKind = 'fired' | 'resolved' | 'acknowledged';

export interface Evaluation {
  ruleId: string;
  series: SeriesRef;
  signal: StateSignal;
  value: number;
  threshold: number;
  /** The rule's forSeconds, in ms. */
  forMs: number;
  /** The period a breach speaks of (`revision_pct`: the revised period's label), kept with the state. */
  period?: string;
}

export interface Transition {
  kind: TransitionKind;
  ruleId: string;
  series: SeriesRef;
  alertId: string;
  firedAt: number;
  /** The value and threshold at the transition. */
  value: number;
  threshold: number;
  /** True when this transition was made earlier and is handed over again because it was not recorded. */
  replay: boolean;
  /** The period the breach spoke of (the evaluation's `period`), when it had one. */
  period?: string;
}

/**
 * The alert state machine per (rule, series), in Redis: ok → pending (forSeconds) → firing →
 * acknowledged → resolved (back to ok). Every transition is one Lua script on the state's hash
 * (keyed in the series' hash slot, `{indicator|scope}`), so concurrent evaluations of the same
 * series in several worker processes make exactly one transition, and a job run twice makes none twice.
 *
 * A transition is marked unrecorded (`u`) until its recorder says it is in the database and told
 * (`markRecorded`); until then every evaluation of that state hands it back first (`replay`), and the
 * sweep replays those a crash left behind. Hash fields: s (pending|firing|acknowledged; none = ok), due,
 * id (the alert), fa (fired at), v, th, pd (the breach's period, or empty), ra (resolved at: refire
 * guard), u (unrecorded kind), ut (its time).
 */
@Injectable()
export class AlertStateStore {
  private readonly redis: Redis;
  readonly prefix: string;
  readonly dueKey: string;
  readonly unrecordedKey: string;
  /** The set of states that are not plainly ok (pending, firing, acknowledged, or with an unrecorded transition), and its version. */
  readonly activeKey: string;
  readonly activeVersionKey: string;
  private readonly refireMs: number;
  /** This process's copy of the active set, valid at `activeVersion`. */
  private active = new Set<string>();
  private activeVersion = '';

  constructor(redis: RedisConnections, config: AppConfig) {
    this.redis = redis.command;
    this.prefix = `${config.redisPrefix}:al`;
    this.dueKey = `${this.prefix}:due`;
    this.unrecordedKey = `${this.prefix}:unrecorded`;
    this.activeKey = `${this.prefix}:active`;
    this.activeVersionKey = `${this.prefix}:active-version`;
    this.refireMs = config.alertRefireSeconds * 1000;
    if (!('iocAlertEval' in this.redis)) {
      this.redis.defineCommand('iocAlertEval', { numberOfKeys: 3, lua: EVAL_LUA });
      this.redis.defineCommand('iocAlertEvalMany', { numberOfKeys: 0, lua: EVAL_MANY_LUA });
      this.redis.defineCommand('iocAlertAck', { numberOfKeys: 2, lua: ACK_LUA });
      this.redis.defineCommand('iocAlertRecorded', { numberOfKeys: 2, lua: RECORDED_LUA });
    }
  }

  key(ruleId: string, series: SeriesRef): string {
    return `${this.prefix}:{${seriesId(series)}}:${ruleId}`;
  }

  /** (ruleId, series) of a state key. */
  parseKey(key: string): { ruleId: string; series: SeriesRef } | null {
    const m = /^.*:\{([^|}]+)\|([^}]+)\}:([^:]+)$/.exec(key);
    return m ? { series: { indicator: m[1], scope: m[2] }, ruleId: m[3] } : null;
  }

  /**
   * Applies evaluations in one round trip; returns the transitions they made (or handed back). On a
   * standalone Redis the evaluations of a batch go as one string to one script call (building one
   * command per evaluation was most of the cost); on a Cluster, one call per evaluation with its keys
   * declared.
   */
  async evaluate(evals: readonly Evaluation[], now = Date.now()): Promise<Transition[]> {
    if (evals.length === 0) return [];
    const idPrefix = newAlertId(now).slice(0, 19);
    const pipe = this.redis.pipeline() as unknown as AlertPipeline;
    if (this.redis.isCluster) {
      evals.forEach((e, i) => {
        pipe.iocAlertEval(
          this.key(e.ruleId, e.series),
          this.dueKey,
          this.unrecordedKey,
          e.signal,
          now,
          e.forMs,
          this.refireMs,
          idPrefix + i.toString(16).padStart(6, '0'),
          String(e.value),
          String(e.threshold),
          RECORDING_GRACE_MS,
          e.period ?? '',
        );
      });
      const results = (await (pipe as unknown as ChainableCommander).exec()) ?? [];
      const out: Transition[] = [];
      results.forEach(([err, answer], i) => {
        if (err) throw err;
        const t = toTransition(answer as string[], 0, evals[i].ruleId, evals[i].series);
        if (t) out.push(t);
      });
      return out;
    }
    return this.evaluateStandalone(evals, now, idPrefix);
  }

  /**
   * Standalone Redis: a verdict that cannot change a plainly ok state (clear, hold) is not sent for a
   * state outside the active set, as this process knows it. The script checks, atomically, that the
   * set has not changed since (its version); when it has, it answers the current set and the call is
   * made again. So the common case, no alert in sight, costs one small script call per batch.
   */
  private async evaluateStandalone(evals: readonly Evaluation[], now: number, idPrefix: string): Promise<Transition[]> {
    for (let attempt = 0; ; attempt++) {
      const sent: number[] = [];
      const parts: string[] = [];
      evals.forEach((e, i) => {
        const key = this.key(e.ruleId, e.series);
        if ((e.signal === 'clear' || e.signal === 'hold') && !this.active.has(key)) return;
        sent.push(i);
        parts.push(`${key}\x1f${e.signal}\x1f${e.forMs}\x1f${e.value}\x1f${e.threshold}\x1f${e.period ?? ''}`);
      });
      const answer = (await (this.redis as unknown as AlertCommands).iocAlertEvalMany(
        this.dueKey,
        this.unrecordedKey,
        now,
        this.refireMs,
        RECORDING_GRACE_MS,
        idPrefix,
        0,
        parts.join('\x1e'),
        this.activeKey,
        this.activeVersionKey,
        this.activeVersion,
      )) as string[];
      if (answer[0] === 'stale') {
        this.activeVersion = String(answer[1]);
        this.active = new Set(answer.slice(2).map(String));
        if (attempt < 3) continue;
        throw new Error('the active alert states keep changing: evaluation retried 3 times');
      }
      // This call changed the set (a breach went pending or fired, a state went back to ok): the
      // local copy is out of date, so the next call fetches the set.
      if (String(answer[1]) !== this.activeVersion) this.activeVersion = '';
      const out: Transition[] = [];
      // Flat after the status and version: 8 fields per transition, the first the index among those sent.
      for (let j = 2; j < answer.length; j += 8) {
        const e = evals[sent[Number(answer[j])]];
        const t = toTransition(answer, j + 1, e.ruleId, e.series);
        if (t) out.push(t);
      }
      return out;
    }
  }

  /** firing → acknowledged, only for this alert id. Answers the new transition, or why not. */
  async acknowledge(
    ruleId: string,
    series: SeriesRef,
    alertId: string,
  ): Promise<'acknowledged' | 'already' | 'not-firing'> {
    const r = await (this.redis as unknown as AlertCommands).iocAlertAck(
      this.key(ruleId, series),
      this.unrecordedKey,
      alertId,
      Date.now(),
    );
    return r === 1 ? 'acknowledged' : r === 2 ? 'already' : 'not-firing';
  }

  /** The transition is in the database and told: stop handing it back. */
  async markRecorded(t: Transition): Promise<void> {
    await (this.redis as unknown as AlertCommands).iocAlertRecorded(
      this.key(t.ruleId, t.series),
      this.unrecordedKey,
      t.kind,
      t.alertId,
      ...(this.redis.isCluster ? [] : [this.activeKey, this.activeVersionKey]),
    );
  }

  /** Pending states whose time came (up to `limit`). */
  async dueKeys(now: number, limit = 1000): Promise<string[]> {
    return this.redis.zrangebyscore(this.dueKey, 0, now, 'LIMIT', 0, limit);
  }

  /** States with a transition unrecorded since before `before` (a crash between the transition and its record). */
  async unrecordedKeys(before: number, limit = 1000): Promise<string[]> {
    return this.redis.zrangebyscore(this.unrecordedKey, 0, before, 'LIMIT', 0, limit);
  }

  /** Forgets every state of a rule (deleted or changed condition). */
  async forgetRule(ruleId: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:{*}:${ruleId}`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) {
        await this.redis
          .multi()
          .del(...keys)
          .zrem(this.dueKey, ...keys)
          .zrem(this.unrecordedKey, ...keys)
          .srem(this.activeKey, ...keys)
          .incr(this.activeVersionKey)
          .exec();
      }
    } while (cursor !== '0');
  }
}

interface AlertPipeline {
  iocAlertEval(...args: (string | number)[]): void;
}
interface AlertCommands {
  iocAlertEvalMany(...args: (string | number)[]): Promise<unknown[]>;
  iocAlertAck(...args: (string | number)[]): Promise<number>;
  iocAlertRecorded(...args: (string | number)[]): Promise<number>;
}

/** Alert ids sort by creation time (13 digits of ms, then 8 random hex digits). */
export function newAlertId(now = Date.now()): string {
  return String(now).padStart(13, '0') + randomBytes(4).toString('hex');
}

function toTransition(a: string[], at: number, ruleId: string, series: SeriesRef): Transition | null {
  if (!a || a.length < at + 6 || !a[at]) return null;
  const [tag, kind, id, firedAt, value, threshold, period] = a.slice(at, at + 7);
  const t: Transition = {
    kind: kind as TransitionKind,
    ruleId,
    series,
    alertId: id,
    firedAt: Number(firedAt),
    value: Number(value),
    threshold: Number(threshold),
    replay: tag === 'replay',
  };
  if (period) t.period = String(period);
  return t;
}

const EVAL_ONE_LUA = `
local activeKey, versionKey
-- Standalone only: keeps the active set (states not plainly ok) and its version up to date.
local function syncActive(key)
  if not activeKey then return end
  local h = redis.call('HMGET', key, 's', 'u')
  if h[1] or h[2] then
    if redis.call('SADD', activeKey, key) == 1 then redis.call('INCR', versionKey) end
  elseif redis.call('SREM', activeKey, key) == 1 then
    redis.call('INCR', versionKey)
  end
end
local function evalOne(key, dueKey, unrec, sig, now, forMs, refireMs, newId, val, th, grace, pd)
  local h = redis.call('HMGET', key, 's', 'due', 'id', 'fa', 'v', 'th', 'ra', 'u', 'ut', 'pd')
  local s, due, id, fa, v, sth, ra, u, ut = h[1], tonumber(h[2]), h[3], h[4], h[5], h[6], tonumber(h[7]), h[8], tonumber(h[9])
  local spd = h[10] or ''
  pd = pd or ''
  if u then
    -- Another evaluation is recording this transition right now: leave it alone. One left for long
    -- was abandoned by a crash: hand it back to be recorded.
    if now - (ut or 0) < grace then return {} end
    return {'replay', u, id, fa, v, sth, spd}
  end
  if sig == 'replay' then
    redis.call('ZREM', unrec, key)
    return {}
  end
  if sig == 'due' and s ~= 'pending' then
    redis.call('ZREM', dueKey, key)
    return {}
  end
  local function fire(aid)
    redis.call('HSET', key, 's', 'firing', 'id', aid, 'fa', now, 'v', val, 'th', th, 'pd', pd, 'u', 'fired', 'ut', now)
    redis.call('HDEL', key, 'due')
    redis.call('ZREM', dueKey, key)
    redis.call('ZADD', unrec, now, key)
    return {'new', 'fired', aid, tostring(now), val, th, pd}
  end
  if not s then
    if sig ~= 'breach' then return {} end
    local at = now + forMs
    if ra and ra + refireMs > at then at = ra + refireMs end
    if at <= now then return fire(newId) end
    redis.call('HSET', key, 's', 'pending', 'due', at, 'id', newId, 'v', val, 'th', th, 'pd', pd)
    redis.call('ZADD', dueKey, at, key)
    return {}
  end
  if s == 'pending' then
    if sig == 'breach' or sig == 'due' then
      if sig == 'due' then val, th, pd = v, sth, spd end
      if now >= due then return fire(id) end
      redis.call('HSET', key, 'v', val, 'th', th, 'pd', pd)
      return {}
    end
    redis.call('HDEL', key, 's', 'due', 'id', 'v', 'th', 'pd')
    redis.call('ZREM', dueKey, key)
    return {}
  end
  if sig == 'clear' then
    redis.call('HSET', key, 'ra', now, 'v', val, 'u', 'resolved', 'ut', now)
    redis.call('HDEL', key, 's')
    redis.call('ZADD', unrec, now, key)
    return {'new', 'resolved', id, fa, val, sth, spd}
  end
  return {}
end`;

/**
 * KEYS: state, due zset, unrecorded zset. ARGV: signal, now, forMs, refireMs, newId, value, threshold, graceMs, period.
 * Returns {} (nothing to record), or {tag, kind, id, firedAt, value, threshold, period} with tag `new` or `replay`.
 */
const EVAL_LUA = `${EVAL_ONE_LUA}
return evalOne(KEYS[1], KEYS[2], KEYS[3], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9])`;

/**
 * Standalone Redis only (the state keys are named in the argument, not declared). ARGV: due zset,
 * unrecorded zset, now, refireMs, graceMs, id prefix, index of the first evaluation, then the
 * evaluations: records separated by \\x1e of key, signal, forMs, value, threshold, period separated by \\x1f,
 * then the active set, its version key, and the version the caller's copy of the set is at. Answers
 * {'stale', version, members...} when the set changed since; else {'ok', version after this call,
 * then per transition: index among the records, tag, kind, id, firedAt, value, threshold, period}.
 */
const EVAL_MANY_LUA = `${EVAL_ONE_LUA}
local dueKey, unrec = ARGV[1], ARGV[2]
local now, refireMs, grace = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local idPrefix, first = ARGV[6], tonumber(ARGV[7])
activeKey, versionKey = ARGV[9], ARGV[10]
local version = redis.call('GET', versionKey) or '0'
if version ~= ARGV[11] then
  local out = {'stale', version}
  for _, m in ipairs(redis.call('SMEMBERS', activeKey)) do out[#out + 1] = m end
  return out
end
local out = {'ok', ''}
local i = 0
for rec in string.gmatch(ARGV[8], '[^\\30]+') do
  local key, sig, forMs, val, th, pd = string.match(rec, '^([^\\31]*)\\31([^\\31]*)\\31([^\\31]*)\\31([^\\31]*)\\31([^\\31]*)\\31([^\\31]*)$')
  local r = evalOne(key, dueKey, unrec, sig, now, tonumber(forMs), refireMs, idPrefix .. string.format('%06x', first + i), val, th, grace, pd)
  syncActive(key)
  if r[1] then
    out[#out + 1] = i
    for k = 1, 7 do out[#out + 1] = r[k] end
  end
  i = i + 1
end
out[2] = redis.call('GET', versionKey) or '0'
return out`;

/**
 * KEYS: state, unrecorded zset. ARGV: alert id, now. 1 = acknowledged now, 2 = already, 0 = not firing.
 * No unrecorded mark: the HTTP request records it, and a retried request finds `already` and records it then.
 */
const ACK_LUA = `
local h = redis.call('HMGET', KEYS[1], 's', 'id', 'u')
if h[2] ~= ARGV[1] then return 0 end
if h[1] == 'acknowledged' then return 2 end
if h[1] ~= 'firing' or h[3] then return 0 end
redis.call('HSET', KEYS[1], 's', 'acknowledged')
return 1`;

/** KEYS: state, unrecorded zset. ARGV: kind, alert id. Clears the unrecorded mark if it is still this one. */
const RECORDED_LUA = `
local h = redis.call('HMGET', KEYS[1], 'u', 'id')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], 'u', 'ut')
redis.call('ZREM', KEYS[2], KEYS[1])
if ARGV[3] then
  local s = redis.call('HGET', KEYS[1], 's')
  if not s and redis.call('SREM', ARGV[3], KEYS[1]) == 1 then redis.call('INCR', ARGV[4]) end
end
return 1`;
