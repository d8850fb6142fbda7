import type { ChainableCommander, Redis } from 'ioredis';

/** One report of a period value: the value, when it was reported (epoch ms) and by whom (the key's name). */
export interface Revision {
  value: number;
  reportedAt: number;
  by: string;
}

/** A period value to log: the series, the period's start (the point's ts) and the report. */
export interface RevisionEntry extends Revision {
  indicator: string;
  scope: string;
  ts: number;
}

/**
 * What logging one report found: whether it was appended (false: it repeats the period's last value,
 * e.g. a retried job), whether the period's current value (this one) replaced an earlier report, and
 * the value of the report before it (null for a first report). A retried job gets the same answer as
 * its first run, so whatever follows from it (the live `revised`, a revision alert) is idempotent.
 */
export interface RevisionOutcome {
  appended: boolean;
  revised: boolean;
  previous: number | null;
}

/**
 * Appends a report to a period's log unless it repeats the last one's value (a retried or resent batch
 * is not a revision). The log is a JSON array of [value, reportedAt, by] as strings (cjson would round
 * numbers to 14 digits; JavaScript's String(number) round-trips), first report first.
 * Answers {appended 0|1, the log's length after, the value of the report before the last one or false}.
 */
const APPEND = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local log = raw and cjson.decode(raw) or {}
local n = #log
local appended = 0
if n == 0 or log[n][1] ~= ARGV[2] then
  n = n + 1
  log[n] = { ARGV[2], ARGV[3], ARGV[4] }
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(log))
  appended = 1
end
if n > 1 then return { appended, n, log[n - 1][1] } end
return { appended, n, false }
`;

interface AppendCommand {
  iocRevisionAppend(key: string, ts: string, value: string, reportedAt: string, by: string): unknown;
}

/**
 * The revision log of period indicators: per series one Redis hash (`<prefix>:{indicator|scope}`,
 * the store's hash tag), one field per period start (ms) holding every report of that period. Kept
 * without expiry: period values are official figures (at least 10 years by the contract).
 */
export class RevisionLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('iocRevisionAppend' in redis)) redis.defineCommand('iocRevisionAppend', { numberOfKeys: 1, lua: APPEND });
  }

  private key(indicator: string, scope: string): string {
    return `${this.prefix}:{${indicator}|${scope}}`;
  }

  /** Logs each report (in order); a report equal to the period's last value is not logged again. */
  async append(entries: readonly RevisionEntry[]): Promise<RevisionOutcome[]> {
    if (entries.length === 0) return [];
    const pipe = this.redis.pipeline();
    const read = this.queueAppend(pipe, entries);
    return read((await pipe.exec()) ?? []);
  }

  /**
   * Queues the appends of `entries` on a pipeline of this log's connection (or a batch of the same
   * commands, such as the time-series store's write batch), so they go in the caller's round trip.
   * Returns how to read their outcomes from the batch's results, starting at `at` (the results of the
   * commands queued before them). A failed append throws (the caller's job is retried).
   */
  queueAppend(
    pipe: ChainableCommander,
    entries: readonly RevisionEntry[],
  ): (results: readonly [Error | null, unknown][], at?: number) => RevisionOutcome[] {
    const cmd = pipe as unknown as AppendCommand;
    for (const e of entries) {
      cmd.iocRevisionAppend(this.key(e.indicator, e.scope), String(e.ts), String(e.value), String(e.reportedAt), e.by);
    }
    return (results, at = 0) =>
      entries.map((_, i) => {
        const [err, answer] = results[at + i] ?? [new Error('the revision log did not answer'), null];
        if (err) throw err;
        const [appended, length, previous] = answer as [number, number, string | null];
        return {
          appended: Number(appended) === 1,
          revised: Number(length) > 1,
          previous: previous === null || previous === undefined ? null : Number(previous),
        };
      });
  }

  /** Every report of one period, first report first. */
  async period(indicator: string, scope: string, ts: number): Promise<Revision[]> {
    return decode(await this.redis.hget(this.key(indicator, scope), String(ts)));
  }

  /** Every report of one period for each of many series (one pipelined round trip). */
  async many(refs: readonly { indicator: string; scope: string; ts: number }[]): Promise<Revision[][]> {
    if (refs.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const r of refs) pipe.hget(this.key(r.indicator, r.scope), String(r.ts));
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, raw]) => {
      if (err) throw err;
      return decode(raw as string | null);
    });
  }

  /** The reports of every logged period of a series whose start is in [from, to], by period start. */
  async periods(indicator: string, scope: string, from: number, to: number): Promise<Map<number, Revision[]>> {
    const all = await this.redis.hgetall(this.key(indicator, scope));
    const out = new Map<number, Revision[]>();
    for (const [field, raw] of Object.entries(all)) {
      const ts = Number(field);
      if (ts >= from && ts <= to) out.set(ts, decode(raw));
    }
    return out;
  }

  /**
   * The reports of the given periods (their starts, ms) for each of many scopes of one indicator:
   * one HMGET per scope, all in one pipelined round trip (a roll-up reads a whole subtree this way).
   * By scope, then period start; periods without a report are left out.
   */
  async periodsOf(
    indicator: string,
    scopes: readonly string[],
    starts: readonly number[],
  ): Promise<Map<string, Map<number, Revision[]>>> {
    return (await this.periodsOfMany([{ indicator, scopes, starts }]))[0];
  }

  /** `periodsOf` for many (indicator, scopes, starts) reads at once: all in one pipelined round trip. */
  async periodsOfMany(
    reads: readonly { indicator: string; scopes: readonly string[]; starts: readonly number[] }[],
  ): Promise<Map<string, Map<number, Revision[]>>[]> {
    const outs = reads.map((r) => new Map<string, Map<number, Revision[]>>(r.scopes.map((s) => [s, new Map()])));
    const pipe = this.redis.pipeline();
    const queued: { read: number; scope: string }[] = [];
    reads.forEach((r, i) => {
      if (r.starts.length === 0) return;
      const fields = r.starts.map(String);
      for (const s of r.scopes) {
        pipe.hmget(this.key(r.indicator, s), ...fields);
        queued.push({ read: i, scope: s });
      }
    });
    if (queued.length === 0) return outs;
    const results = (await pipe.exec()) ?? [];
    results.forEach(([err, raw], k) => {
      if (err) throw err;
      const { read, scope } = queued[k];
      const starts = reads[read].starts;
      const byStart = outs[read].get(scope)!;
      (raw as (string | null)[]).forEach((x, j) => x && byStart.set(starts[j], decode(x)));
    });
    return outs;
  }
}

function decode(raw: string | null): Revision[] {
  if (!raw) return [];
  return (JSON.parse(raw) as [string, string, string][]).map(([value, reportedAt, by]) => ({
    value: Number(value),
    reportedAt: Number(reportedAt),
    by,
  }));
}

/** The report in force at `asOf` (the last one reported at or before it), or undefined. */
export function revisionAsOf(log: readonly Revision[], asOf: number): { current: Revision; index: number } | undefined {
  let index = -1;
  for (let i = 0; i < log.length && log[i].reportedAt <= asOf; i++) index = i;
  return index < 0 ? undefined : { current: log[index], index };
}
