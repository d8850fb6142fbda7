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
 * id (the alert), fa (fired at), v, th, ra (resolved at: refire guard), u (unrecorded kind), ut (its time).
 */
@Injectable()
export class AlertStateStore {
  private readonly redis: Redis;
  readonly prefix: string;
  readonly dueKey: string;
  readonly unrecordedKey: string;
  private readonly refireMs: number;

  constructor(redis: RedisConnections, config: AppConfig) {
    this.redis = redis.command;
    this.prefix = `${config.redisPrefix}:al`;
    this.dueKey = `${this.prefix}:due`;
    this.unrecordedKey = `${this.prefix}:unrecorded`;
    this.refireMs = config.alertRefireSeconds * 1000;
    if (!('iocAlertEval' in this.redis)) {
      this.redis.defineCommand('iocAlertEval', { numberOfKeys: 3, lua: EVAL_LUA });
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

  /** Applies evaluations in one round trip; returns the transitions they made (or handed back). */
  async evaluate(evals: readonly Evaluation[], now = Date.now()): Promise<Transition[]> {
    if (evals.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const e of evals) {
      (pipe as unknown as AlertPipeline).iocAlertEval(
        this.key(e.ruleId, e.series),
        this.dueKey,
        this.unrecordedKey,
        e.signal,
        now,
        e.forMs,
        this.refireMs,
        newAlertId(now),
        String(e.value),
        String(e.threshold),
        RECORDING_GRACE_MS,
      );
    }
    const results = (await pipe.exec()) ?? [];
    const out: Transition[] = [];
    results.forEach(([err, answer], i) => {
      if (err) throw err;
      const t = toTransition(answer as string[], evals[i].ruleId, evals[i].series);
      if (t) out.push(t);
    });
    return out;
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
          .exec();
      }
    } while (cursor !== '0');
  }
}

interface AlertPipeline extends ChainableCommander {
  iocAlertEval(...args: (string | number)[]): ChainableCommander;
}
interface AlertCommands {
  iocAlertAck(...args: (string | number)[]): Promise<number>;
  iocAlertRecorded(...args: (string | number)[]): Promise<number>;
}

/** Alert ids sort by creation time (13 digits of ms, then 8 random hex digits). */
export function newAlertId(now = Date.now()): string {
  return String(now).padStart(13, '0') + randomBytes(4).toString('hex');
}

function toTransition(a: string[], ruleId: string, series: SeriesRef): Transition | null {
  if (!a || a.length < 6 || !a[0]) return null;
  const [tag, kind, id, firedAt, value, threshold] = a;
  return {
    kind: kind as TransitionKind,
    ruleId,
    series,
    alertId: id,
    firedAt: Number(firedAt),
    value: Number(value),
    threshold: Number(threshold),
    replay: tag === 'replay',
  };
}

/**
 * KEYS: state, due zset, unrecorded zset. ARGV: signal, now, forMs, refireMs, newId, value, threshold, graceMs.
 * Returns {} (nothing to record), or {tag, kind, id, firedAt, value, threshold} with tag `new` or `replay`.
 */
const EVAL_LUA = `
local key, dueKey, unrec = KEYS[1], KEYS[2], KEYS[3]
local sig, now, forMs, refireMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local newId, val, th = ARGV[5], ARGV[6], ARGV[7]
local h = redis.call('HMGET', key, 's', 'due', 'id', 'fa', 'v', 'th', 'ra', 'u', 'ut')
local s, due, id, fa, v, sth, ra, u, ut = h[1], tonumber(h[2]), h[3], h[4], h[5], h[6], tonumber(h[7]), h[8], tonumber(h[9])
if u then
  -- Another evaluation is recording this transition right now: leave it alone. One left for long
  -- was abandoned by a crash: hand it back to be recorded.
  if now - (ut or 0) < tonumber(ARGV[8]) then return {} end
  return {'replay', u, id, fa, v, sth}
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
  redis.call('HSET', key, 's', 'firing', 'id', aid, 'fa', now, 'v', val, 'th', th, 'u', 'fired', 'ut', now)
  redis.call('HDEL', key, 'due')
  redis.call('ZREM', dueKey, key)
  redis.call('ZADD', unrec, now, key)
  return {'new', 'fired', aid, tostring(now), val, th}
end
if not s then
  if sig ~= 'breach' then return {} end
  local at = now + forMs
  if ra and ra + refireMs > at then at = ra + refireMs end
  if at <= now then return fire(newId) end
  redis.call('HSET', key, 's', 'pending', 'due', at, 'id', newId, 'v', val, 'th', th)
  redis.call('ZADD', dueKey, at, key)
  return {}
end
if s == 'pending' then
  if sig == 'breach' or sig == 'due' then
    if sig == 'due' then val, th = v, sth end
    if now >= due then return fire(id) end
    redis.call('HSET', key, 'v', val, 'th', th)
    return {}
  end
  redis.call('HDEL', key, 's', 'due', 'id', 'v', 'th')
  redis.call('ZREM', dueKey, key)
  return {}
end
if sig == 'clear' then
  redis.call('HSET', key, 'ra', now, 'v', val, 'u', 'resolved', 'ut', now)
  redis.call('HDEL', key, 's')
  redis.call('ZADD', unrec, now, key)
  return {'new', 'resolved', id, fa, val, sth}
end
return {}`;

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
return 1`;
