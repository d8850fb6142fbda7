import type { Socket } from 'socket.io-client';
import { api, createKey, seedCatalogue, ingestAll } from './support/api';
import { type SchemaDocument, schemaChecker } from './support/json-schema';
import { collectValues, connected, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

const MONTHLY = 'finance.budget_live';
/** October 2026 starts at 2026-10-01T00:00:00+07:00; the periods used here are all finished. */
const OCT = Date.parse('2026-10-01T00:00:00+07:00');

describe('period indicators on the live feed and the revision_pct alert', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;
  const sockets: Socket[] = [];
  /** Checks payloads against the served AsyncAPI document (every field must be described). */
  let check: ReturnType<typeof schemaChecker>;
  const pointProblems = (p: unknown) => check('#/components/schemas/Point', p);

  const open = async (): Promise<Socket> => {
    const s = connectLive(svc, svc.adminKey);
    sockets.push(s);
    await connected(s);
    return s;
  };
  const ingest = (points: object[]) => ingestAll(admin, points);

  beforeAll(async () => {
    svc = await startService({ database: 'sqlite' });
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
    check = schemaChecker((await (await fetch(`${svc.baseUrl}/api/docs/asyncapi.json`)).json()) as SchemaDocument);
    const created = await admin.post('/api/v1/indicators', {
      code: MONTHLY,
      domain: 'finance',
      name: 'Thu ngân sách',
      unit: 'tỷ đồng',
      period: 'month',
      timeAgg: 'sum',
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await svc?.cleanup();
  });

  it('a period point carries period and revised (false, then true for the revision); a stream point has neither; a resume gets them too', async () => {
    const s = await open();
    const seen = collectValues(s);
    const ack = await s.emitWithAck('subscribe', { indicators: [MONTHLY, 'env.aqi'], scopes: ['D1'] });
    expect(ack.ok).toBe(true);
    const from = ack.cursor as string;

    await ingest([{ indicator: MONTHLY, scope: 'D1', period: '2026-10', value: 41.2 }]);
    await waitFor(() => seen.points.length === 1);
    await ingest([{ indicator: MONTHLY, scope: 'D1', period: '2026-10', value: 52 }]);
    await waitFor(() => seen.points.length === 2);
    const now = Date.now();
    await ingest([{ indicator: 'env.aqi', scope: 'D1', ts: now, value: 80 }]);
    await waitFor(() => seen.points.length === 3);

    expect(seen.points).toEqual([
      { indicator: MONTHLY, scope: 'D1', ts: OCT, value: 41.2, period: '2026-10', revised: false },
      { indicator: MONTHLY, scope: 'D1', ts: OCT, value: 52, period: '2026-10', revised: true },
      { indicator: 'env.aqi', scope: 'D1', ts: now, value: 80 },
    ]);
    expect(Object.keys(seen.points[2]).sort()).toEqual(['indicator', 'scope', 'ts', 'value']);
    for (const p of seen.points) expect(pointProblems(p)).toEqual([]);
    s.close();

    // A drop: a new socket resumes from the first cursor and gets the same points, marks included.
    const again = await open();
    const resumed = collectValues(again);
    const resumeAck = await again.emitWithAck('subscribe', {
      indicators: [MONTHLY, 'env.aqi'],
      scopes: ['D1'],
      cursor: from,
    });
    expect(resumeAck).toMatchObject({ ok: true, snapshot: [] });
    await waitFor(() => resumed.points.length === 3);
    expect(resumed.points).toEqual(seen.points);

    // The snapshot of a new subscription (another shape: the first one's snapshot may serve its
    // twins for a second) marks the period point as the revision it is.
    const fresh = await open();
    const snap = await fresh.emitWithAck('subscribe', { indicators: [MONTHLY, 'env.aqi'] });
    const byIndicator = new Map((snap.snapshot as any[]).filter((p) => p.scope === 'D1').map((p) => [p.indicator, p]));
    expect(byIndicator.get(MONTHLY)).toEqual({
      indicator: MONTHLY,
      scope: 'D1',
      ts: OCT,
      value: 52,
      period: '2026-10',
      revised: true,
    });
    expect(byIndicator.get('env.aqi')).toEqual({ indicator: 'env.aqi', scope: 'D1', ts: now, value: 80 });
  });

  it('the revision log has the report, with who and when, even when the process is killed right after the 202', async () => {
    const key = await createKey(svc, 'ingest');
    const sender = api(svc, key);
    const before = Date.now();
    const r = await sender.post('/api/v1/ingest', {
      points: [{ indicator: MONTHLY, scope: 'C1', period: '2026-09', value: 7 }],
    });
    expect(r.status).toBe(202);
    await svc.kill();
    await svc.restart();
    const revisions = async () =>
      (await admin.get(`/api/v1/series/${MONTHLY}/C1/revisions?period=2026-09`)).body.revisions as any[];
    await waitFor(async () => (await revisions())?.length === 1, { timeoutMs: 30_000 });
    const [rev] = await revisions();
    expect(rev).toMatchObject({ value: 7, by: 'ingest key' });
    expect(rev.reportedAt).toBeGreaterThanOrEqual(before);
    expect(rev.reportedAt).toBeLessThanOrEqual(Date.now());
    expect((await admin.get(`/api/v1/series/${MONTHLY}/C1/latest`)).body.value).toBe(7);
  });

  it('revision_pct: a large revision fires to a socket with the period in its reason, a small one does not; the next period resolves it', async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      indicator: MONTHLY,
      scope: 'D2',
      condition: { op: 'revision_pct', value: 10 },
      severity: 'warning',
    });
    expect(rule.status).toBe(201);
    expect(rule.body.condition).toEqual({ op: 'revision_pct', value: 10 });
    const s = await open();
    const alerts: any[] = [];
    s.on('alert', (a) => alerts.push(a));
    expect((await s.emitWithAck('subscribe', { indicators: [MONTHLY], scopes: ['D2'] })).ok).toBe(true);

    await ingest([{ indicator: MONTHLY, scope: 'D2', period: '2026-10', value: 100 }]);
    await waitFor(async () => (await admin.get(`/api/v1/series/${MONTHLY}/D2/latest`)).status === 200);
    // One batch, judged in order: +5 % (under the share) and then +23.8 %. Had the small one fired,
    // the alert would speak of 100 → 105.
    await ingest([
      { indicator: MONTHLY, scope: 'D2', period: '2026-10', value: 105 },
      { indicator: MONTHLY, scope: 'D2', period: '2026-10', value: 130 },
    ]);
    await waitFor(() => alerts.length === 1, { timeoutMs: 10_000 });
    expect(alerts[0]).toMatchObject({
      ruleId: rule.body.id,
      indicator: MONTHLY,
      scope: 'D2',
      state: 'firing',
      value: 130,
      threshold: 105,
      reason: 'Thu ngân sách (District 2) kỳ 2026-10 được sửa từ 105 thành 130 tỷ đồng (+23,81 %)',
    });
    expect(check('#/components/schemas/Alert', alerts[0])).toEqual([]);
    const listed = (await admin.get(`/api/v1/alerts?indicator=${MONTHLY}`)).body.alerts as any[];
    expect(listed.filter((a) => a.ruleId === rule.body.id)).toHaveLength(1);

    // The first report of the next period resolves it.
    await ingest([{ indicator: MONTHLY, scope: 'D2', period: '2026-11', value: 120 }]);
    await waitFor(() => alerts.length === 2, { timeoutMs: 10_000 });
    expect(alerts[1]).toMatchObject({ id: alerts[0].id, state: 'resolved' });
  });

  it('a revision_pct rule on a stream indicator, or without a positive value, is a 400 naming condition', async () => {
    const bad = async (body: object) => {
      const r = await admin.post('/api/v1/alert-rules', { severity: 'info', ...body });
      expect(r.status).toBe(400);
      return r.body.message as string;
    };
    expect(await bad({ indicator: 'finance.revenue', condition: { op: 'revision_pct', value: 10 } })).toMatch(
      /^condition: revision_pct applies to period indicators.*"finance.revenue" is a stream/,
    );
    expect(await bad({ indicator: MONTHLY, condition: { op: 'revision_pct', value: 0 } })).toMatch(
      /^condition.value: /,
    );
    expect(await bad({ indicator: MONTHLY, condition: { op: 'revision_pct' } })).toMatch(/^condition.value: /);
    // Changing a stream rule's condition to revision_pct is refused the same way.
    const stream = await admin.post('/api/v1/alert-rules', {
      indicator: 'finance.revenue',
      condition: { op: '>', value: 1 },
      severity: 'info',
    });
    const patched = await admin.patch(`/api/v1/alert-rules/${stream.body.id}`, {
      condition: { op: 'revision_pct', value: 5 },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.message).toMatch(/^condition: revision_pct applies to period indicators/);
  });
});
