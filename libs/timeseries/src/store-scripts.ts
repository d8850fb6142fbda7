import type { Redis } from 'ioredis';
import { LATEST_LUA, WRITE_BLOB_LUA } from './write-blob.util';

/** The store's Lua scripts, defined once per connection (ioredis sends EVALSHA, falling back to EVAL). */
export function defineStoreScripts(redis: Redis): void {
  if (!('iocWriteSeries' in redis)) redis.defineCommand('iocWriteSeries', { lua: WRITE_SERIES_LUA });
  if (!('iocWriteBlob' in redis)) redis.defineCommand('iocWriteBlob', { lua: WRITE_BLOB_LUA });
  if (!('iocSeal' in redis)) redis.defineCommand('iocSeal', { numberOfKeys: 3, lua: SEAL_LUA });
  if (!('iocTrim' in redis)) redis.defineCommand('iocTrim', { numberOfKeys: 2, lua: TRIM_LUA });
}

export interface StorePipeline {
  iocSeal(
    raw: string,
    sealed: string,
    rollups: string,
    expectedLength: number,
    ...args: (string | number | Buffer)[]
  ): void;
  iocTrim(days: string, rollups: string, cutoffDay: number): void;
}

export interface ScriptPipeline {
  iocWriteSeries(numKeys: number, ...args: (string | number | Buffer)[]): void;
  iocWriteBlob(numKeys: 0, blob: Buffer): void;
}

/**
 * Seals a day once: only if it has no sealed part yet and its raw chunk is still what was read
 * (its length, without the sealed flag); then stores the day's rollups.
 * KEYS: raw chunk, sealed, rollups. ARGV: raw length, sealed blob, expireAt, rollup field/value pairs.
 */
const SEAL_LUA = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('STRLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PXAT', ARGV[3])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[3], unpack(ARGV, 4))
return 1`;

/** Drops the days before ARGV[1] from the days set (KEYS[1]) and their rollups (KEYS[2]). */
const TRIM_LUA = `
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
if #old == 0 then return 0 end
for _, d in ipairs(old) do redis.call('HDEL', KEYS[2], 'd' .. d, 'h' .. d, 'm' .. d) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
return #old`;

/**
 * KEYS: latest, days, chunk1..chunkN. ARGV: newestTs, newestValue, then per chunk: day, expireAt, records.
 * Sets latest unless newer, appends each day's records; a chunk just created gets its expiry and its `days` entry.
 * Returns `{1, previous}` when the latest point was set (see LATEST_LUA), else `{0}`.
 */
const WRITE_SERIES_LUA = `
${LATEST_LUA}
local set, prev = setLatest(KEYS[1], ARGV[1], ARGV[2])
for i = 3, #KEYS do
  local a = 3 + (i - 3) * 3
  if redis.call('APPEND', KEYS[i], ARGV[a + 2]) == #ARGV[a + 2] then
    redis.call('PEXPIREAT', KEYS[i], ARGV[a + 1])
    redis.call('ZADD', KEYS[2], ARGV[a], ARGV[a])
  end
end
if set then return {1, prev} end
return {0}`;
