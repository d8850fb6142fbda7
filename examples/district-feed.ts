/**
 * A district IOC mirroring its live feed into a local NDJSON file, one point per line, and able to
 * stop and start again without losing or repeating a point.
 *
 *   IOC_URL=https://ioc.example.gov.vn IOC_KEY=ioc_... IOC_SCOPE=718 OUT=feed.ndjson \
 *     npx tsx examples/district-feed.ts
 *
 * - IOC_URL: the service (several, comma-separated: the feed moves to the next after a failed attempt).
 * - IOC_KEY: a `district` key (or any key that may read); IOC_SCOPE: the scope to follow (default:
 *   everything the key may see); OUT: the file (default `district-feed.ndjson`).
 *
 * Next to OUT, `OUT.state.json` holds `{cursor, bytes}`: the live cursor after the last batch and the
 * length of OUT at that moment. It is written (atomically: a temporary file, then a rename) after
 * each batch is appended and flushed to disk. On start, OUT is cut back to `bytes` (a batch appended
 * after the last saved state is dropped: the feed sends it again) and the feed resumes from `cursor`.
 * When the cursor is too old to resume (offline for longer than the replay window, 15 minutes by
 * default), the feed starts over: the latest value of every series is appended (a series that did not
 * change appears twice) and a warning says that points in between were missed (`GET
 * /api/v1/series/.../range` has them).
 *
 * In a district's own project, import from '@ioc-stream/client' (installed from the package's tarball).
 */
import { type FeedState, type IndicatorPoint, LiveFeed } from '@app/client';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';

interface MirrorState {
  cursor: string;
  bytes: number;
}

const url = required('IOC_URL');
const key = required('IOC_KEY');
const scope = process.env.IOC_SCOPE;
const out = process.env.OUT ?? 'district-feed.ndjson';
const statePath = `${out}.state.json`;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (see the comment at the top of examples/district-feed.ts)`);
    process.exit(2);
  }
  return value;
}

function log(message: string): void {
  console.error(`${new Date().toISOString()} ${message}`);
}

/** The saved state, with OUT cut back to the length it had when the state was saved. */
function recover(): MirrorState | null {
  if (!existsSync(statePath)) return null;
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as MirrorState;
  const size = existsSync(out) ? statSync(out).size : 0;
  if (size < state.bytes) {
    throw new Error(
      `${out} is shorter (${size} bytes) than ${statePath} says (${state.bytes}): move both away to start over`,
    );
  }
  if (size > state.bytes) {
    log(`dropping ${size - state.bytes} bytes appended after the last saved cursor (they will be sent again)`);
    truncateSync(out, state.bytes);
  }
  return state;
}

/** Writes the state beside OUT: to a temporary file, flushed, then renamed over the old one. */
function saveState(state: MirrorState): void {
  const tmp = `${statePath}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, statePath);
}

async function main(): Promise<void> {
  const saved = recover();
  const file = await open(out, 'a');
  let bytes = saved?.bytes ?? 0;
  let points = 0;

  /** Appends a batch, flushes it to disk, then records the cursor it brings OUT up to. */
  const append = async (batch: IndicatorPoint[], cursor: string) => {
    const text = batch.map((p) => JSON.stringify(p) + '\n').join('');
    await file.write(text);
    await file.datasync();
    bytes += Buffer.byteLength(text);
    points += batch.length;
    saveState({ cursor, bytes });
  };

  const feed = new LiveFeed({
    urls: url.split(',').map((u) => u.trim()),
    key,
    subscription: scope ? { scopes: [scope] } : {},
    cursor: saved?.cursor,
    onSnapshot: async (snapshot, { resync, cursor }) => {
      if (resync)
        log(`the saved cursor could not be resumed: points until now were missed; appending the latest values`);
      await append(snapshot, cursor);
    },
    onValues: append,
    onState: (state: FeedState) => {
      log(`feed ${state.state}${'reason' in state ? `: ${state.reason}` : ''} (${points} points appended so far)`);
      if (state.state === 'closed' && state.reason !== 'stopped') void shutdown(1);
    },
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await feed.stop(); // waits for the batch being appended
    await file.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  log(saved ? `resuming ${out} from ${saved.cursor}` : `starting ${out}`);
  feed.start();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
