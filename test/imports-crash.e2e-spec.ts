import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, seedCatalogue } from './support/api';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/**
 * File imports when things go wrong around them: an upload over the size limit, and the process that
 * runs an import killed (SIGKILL) in the middle of the file. Neither may leave an import `running` for
 * ever, a spooled file behind, or lose the rows queued before the crash.
 */
describe('file imports: the size limit and a crash in the middle of a file', () => {
  const MAX_BYTES = 16_000_000;
  const ROWS = 300_000;
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  let spool: string;

  beforeAll(async () => {
    svc = await startService({ env: { IOC_IMPORT_MAX_FILE_BYTES: String(MAX_BYTES) } });
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
    spool = join(tmpdir(), `ioc-e2e-data-${svc.redisPrefix}`, 'imports');
  });
  afterAll(() => svc?.cleanup());

  const mapping = { indicator: '=env.aqi', scope: '=D1', ts: 'ts', value: 'v' };
  const start = Date.now() - 3 * 86_400_000;
  /** `rows` rows one second apart from three days ago (inside the raw retention). */
  const csv = (rows: number) => {
    const lines = ['ts,v'];
    for (let i = 0; i < rows; i++) lines.push(`${start + i * 1000},${i % 500}`);
    return lines.join('\n') + '\n';
  };

  async function upload(content: string | Uint8Array) {
    const form = new FormData();
    form.append('mapping', JSON.stringify(mapping));
    form.append('file', new Blob([content]), 'aqi.csv');
    const res = await fetch(`${svc.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${svc.adminKey}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  const spooled = () => (existsSync(spool) ? readdirSync(spool) : []);

  it('refuses a file over IOC_IMPORT_MAX_FILE_BYTES with a 413 naming the limit, keeps nothing of it, and goes on', async () => {
    const big = new Uint8Array(MAX_BYTES + 1_000_000).fill(0x31); // "111…": never read as rows
    const r = await upload(big);
    expect(r.status).toBe(413);
    expect(r.body.message).toMatch(/^file: larger than the limit of 16000000 bytes \(IOC_IMPORT_MAX_FILE_BYTES\)/);
    expect(spooled().filter((f) => f.endsWith('.upload'))).toEqual([]);

    const ok = await upload(csv(10));
    expect(ok.status).toBe(202);
    await waitFor(async () => (await admin.get(`/api/v1/imports/${ok.body.id}`)).body.state === 'done');
  });

  it('a SIGKILL in the middle of a file: the import is failed with a reason within 30 s of its last heartbeat, its spool removed, the rows queued before kept', async () => {
    const content = csv(ROWS);
    expect(content.length).toBeLessThan(MAX_BYTES);
    const r = await upload(content);
    expect(r.status).toBe(202);
    const id = r.body.id as string;

    // Killed once progress shows rows queued, well before the end of the file.
    let before: any;
    await waitFor(
      async () => {
        before = (await admin.get(`/api/v1/imports/${id}`)).body;
        return before.accepted > 0;
      },
      { timeoutMs: 30_000, intervalMs: 50, message: () => JSON.stringify(before) },
    );
    expect(before.state).toBe('running');
    await svc.kill();
    expect(before.accepted).toBeLessThan(ROWS);

    await svc.restart();
    // Any process could be running it (gateways share the database): it is failed once its heartbeat is
    // 30 s old (IMPORT_STALE_MS), by whoever reads it or starts next; running until then.
    let after: any;
    await waitFor(
      async () => {
        after = (await admin.get(`/api/v1/imports/${id}`)).body;
        return after.state !== 'running';
      },
      { timeoutMs: 45_000, intervalMs: 500, message: () => JSON.stringify(after) },
    );
    expect(after).toMatchObject({ id, state: 'failed' });
    expect(after.error).toMatch(/the process running this import stopped/);
    expect(after.error).toMatch(/Upload the file again/);
    expect(after.finishedAt).toEqual(expect.any(Number));
    expect(after.accepted).toBeGreaterThanOrEqual(before.accepted);
    expect(after.accepted).toBeLessThan(ROWS);
    // Its spooled file goes at the next sweep (every 5 s), with no restart needed.
    await waitFor(async () => spooled().every((f) => !f.startsWith(id)), {
      timeoutMs: 15_000,
      message: () => `still spooled: ${spooled().join(', ')}`,
    });

    // What was queued before the crash is stored (the rows are one a second, in file order).
    const counted = async () => {
      const res = await admin.get(
        `/api/v1/series/env.aqi/D1/range?from=${start}&to=${start + ROWS * 1000}&step=86400000&agg=count`,
      );
      return (res.body.points as { value: number }[]).reduce((n, p) => n + p.value, 0);
    };
    let stored = 0;
    await waitFor(async () => (stored = await counted()) >= after.accepted, {
      timeoutMs: 30_000,
      message: () => `stored ${stored} of ${after.accepted} accepted`,
    });

    // Uploading the file again completes it; the rows stored twice are written unchanged.
    const again = await upload(content);
    expect(again.status).toBe(202);
    let done: any;
    await waitFor(
      async () => {
        done = (await admin.get(`/api/v1/imports/${again.body.id}`)).body;
        return done.state !== 'running';
      },
      { timeoutMs: 120_000, message: () => JSON.stringify(done) },
    );
    expect(done).toMatchObject({ state: 'done', rows: ROWS, accepted: ROWS, rejectedCount: 0 });
    await waitFor(async () => (stored = await counted()) === ROWS, {
      timeoutMs: 60_000,
      message: () => `stored ${stored} of ${ROWS}`,
    });
  }, 240_000);
});
