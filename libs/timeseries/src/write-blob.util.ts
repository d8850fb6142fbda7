import type { TimedValue } from '@app/contracts';
import { DAY_MS, RECORD_BYTES } from './chunk-codec.util';

/**
 * The argument of one batched write script call on a standalone Redis: many series in one binary
 * string, parsed in Lua with `struct.unpack` (one argument instead of thousands, which is what made
 * building the call the client's main cost). Little-endian:
 *   u32 series count, then per series:
 *     u16 + bytes: key base `prefix:{indicator|scope}`;  u8 + bytes: newest ts;  u8 + bytes: its value;
 *     u16 chunk count, then per chunk: u32 day;  u8 + bytes: expireAt (ms);  u32 + bytes: 12-byte records.
 */
export class WriteBlob {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private length = 4;
  count = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  private short(s: string, lengthBytes: 1 | 2): void {
    const n = Buffer.byteLength(s);
    this.room(n + lengthBytes);
    if (lengthBytes === 1) this.buf[this.length] = n;
    else this.buf.writeUInt16LE(n, this.length);
    this.length += lengthBytes;
    this.buf.write(s, this.length, 'utf8');
    this.length += n;
  }

  /** Starts a series; then `chunk` once per day. */
  series(base: string, newest: TimedValue, chunks: number): void {
    this.count++;
    this.short(base, 2);
    this.short(String(newest.ts), 1);
    this.short(String(newest.value === 0 ? 0 : newest.value), 1);
    this.room(2);
    this.buf.writeUInt16LE(chunks, this.length);
    this.length += 2;
  }

  chunk(day: number, expireAt: number, points: readonly TimedValue[]): void {
    this.room(4);
    this.buf.writeUInt32LE(day, this.length);
    this.length += 4;
    this.short(String(expireAt), 1);
    const bytes = points.length * RECORD_BYTES;
    this.room(4 + bytes);
    this.buf.writeUInt32LE(bytes, this.length);
    this.length += 4;
    const base = day * DAY_MS;
    for (const p of points) {
      this.buf.writeUInt32LE(p.ts - base, this.length);
      this.buf.writeDoubleLE(p.value === 0 ? 0 : p.value, this.length + 4);
      this.length += RECORD_BYTES;
    }
  }

  done(): Buffer {
    this.buf.writeUInt32LE(this.count, 0);
    return this.buf.subarray(0, this.length);
  }
}

/**
 * The latest point of a series, `ts:value`, followed by `;ts:value` of the point it replaced (the
 * previous latest with an older ts), so that a listener of "what changed" gets the same previous
 * value when a batch is written again (a retried job). `setLatest(key, ts, value)` sets it unless a
 * newer point is there and returns whether it did, and the previous point ('' when none).
 */
export const LATEST_LUA = `
local function setLatest(key, ts, val)
  local cur = redis.call('GET', key)
  local prev = ''
  if cur then
    local own = cur
    local semi = string.find(cur, ';', 1, true)
    if semi then own = string.sub(cur, 1, semi - 1) end
    local curTs = tonumber(string.sub(own, 1, string.find(own, ':', 1, true) - 1))
    local newTs = tonumber(ts)
    if curTs > newTs then return false, '' end
    if curTs < newTs then prev = own elseif semi then prev = string.sub(cur, semi + 1) end
  end
  if prev == '' then redis.call('SET', key, ts .. ':' .. val) else redis.call('SET', key, ts .. ':' .. val .. ';' .. prev) end
  return true, prev
end`;

/**
 * Standalone Redis only: the keys are named in the blob, not declared (a Cluster gets one
 * WRITE_SERIES call per series instead). For each series: sets the latest point unless a newer one is
 * there; appends each day's records; a chunk just created gets its expiry and its entry in `days`.
 * Returns, flat, `index, previous` (1-based series index in the blob) of every series whose latest
 * point was set.
 */
export const WRITE_BLOB_LUA = `
${LATEST_LUA}
local blob = ARGV[1]
local n, pos = struct.unpack('<I4', blob, 1)
local changed = {}
for s = 1, n do
  local base, ts, val, chunks
  base, ts, val, chunks, pos = struct.unpack('<I2c0Bc0Bc0I2', blob, pos)
  local set, prev = setLatest(base .. ':l', ts, val)
  if set then
    changed[#changed + 1] = s
    changed[#changed + 1] = prev
  end
  for c = 1, chunks do
    local day, expireAt, records
    day, expireAt, records, pos = struct.unpack('<I4Bc0I4c0', blob, pos)
    local key = base .. ':c:' .. day
    if redis.call('APPEND', key, records) == #records then
      redis.call('PEXPIREAT', key, expireAt)
      redis.call('ZADD', base .. ':days', day, day)
    end
  end
end
return changed`;
