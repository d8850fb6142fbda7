import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, createKey, seedCatalogue, ingestAll } from './support/api';
import { ROOT, type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';
import { launchChromium } from './support/chromium';

/** Intl writes some numbers with narrow no-break spaces; the tests compare plain text. */
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('wall screen in headless Chromium', () => {
  let svc: RunningService;
  let browser: Browser;
  let admin: ReturnType<typeof api>;
  let viewer: string;
  let operator: string;
  /** Errors thrown in any page of the test (an uncaught exception fails the test that caused it). */
  const pageErrors: string[] = [];

  const open = async (query: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    await page.goto(`${svc.baseUrl}/wall?${query}`);
    return page;
  };
  const ingest = (points: object[]) => ingestAll(admin, points);
  const tileValue = (page: Page, series: string) => page.locator(`[data-series="${series}"] .value`);

  beforeAll(async () => {
    // npm test builds everything first; a run of this file alone builds the wall if it is missing.
    if (!existsSync(join(ROOT, 'dist/wall-ui/index.html')))
      execSync('npm run build:wall', { cwd: ROOT, stdio: 'ignore' });
    svc = await startService();
    await seedCatalogue(svc);
    admin = api(svc, svc.adminKey);
    viewer = await createKey(svc, 'viewer');
    operator = await createKey(svc, 'operator');
    browser = await launchChromium();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.cleanup();
  });

  it('takes the key from the URL, hides it, shows values, and an ingested point on its tile', async () => {
    await ingest([
      { indicator: 'env.aqi', scope: 'P', ts: Date.now() - 2000, value: 41 },
      { indicator: 'env.aqi', scope: 'D1', ts: Date.now() - 2000, value: 30 },
      { indicator: 'env.aqi', scope: 'D2', ts: Date.now() - 2000, value: 60 },
    ]);
    const page = await open(`scope=P&domains=env,finance&key=${viewer}`);
    await tileValue(page, 'env.aqi|P').filter({ hasText: '41' }).waitFor();
    expect(page.url()).not.toContain(viewer);
    expect(page.url()).toContain('scope=P');
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('ioc-wall-key'))).toBe(viewer);
    await page.locator('#status.live').waitFor();
    expect(await page.textContent('#status')).toBe('Trực tiếp');
    expect(await page.textContent('#title')).toBe('Province');
    // The map: both districts, coloured by AQI, with their values.
    await page.locator('#map [data-scope-value="D2"]').filter({ hasText: '60' }).waitFor();
    expect(
      await page.locator('#map [data-scope]').evaluateAll((els) => els.map((e) => e.getAttribute('data-scope'))),
    ).toEqual(['D1', 'D2']);
    const first = await page.evaluate(() => (globalThis as any).__wallStats);
    expect(first.firstValuesMs).toBeGreaterThan(0);

    await ingest([{ indicator: 'env.aqi', scope: 'P', ts: Date.now(), value: 1234.5 }]);
    await tileValue(page, 'env.aqi|P').filter({ hasText: '1.234,5' }).waitFor();
    expect(await page.locator('[data-series="env.aqi|P"] .name').textContent()).toBe('AQI');
    // A stream tile has its 24-hour sparkline (uPlot draws on a canvas).
    await page.locator('[data-series="env.aqi|P"] .spark canvas').waitFor();
    // The "top changes" page: AQI went from 41 to 1,234.5 while the page watched.
    await page.locator('[data-tab="top"]').click();
    await page.locator('[data-top="env.aqi"]').filter({ hasText: '41 → 1.234,5' }).waitFor();
    await page.keyboard.press('ArrowRight'); // the next page: reporting
    await page.locator('.page[data-page="reporting"]').waitFor();
    await page.close();
  });

  it('writes numbers the English way with lang=en, and rotates through the pages', async () => {
    await ingest([{ indicator: 'env.aqi', scope: 'P', ts: Date.now(), value: 2345.5 }]);
    const page = await open(`scope=P&lang=en&domains=env,finance&rotate=5&key=${viewer}`);
    await tileValue(page, 'env.aqi|P').filter({ hasText: '2,345.5' }).waitFor();
    await page.locator('#status.live').waitFor();
    expect(await page.textContent('#status')).toBe('Live');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('.page-no')).toBe('Page 1/4'); // env, finance, top changes, reporting
    // rotate=5: the next domain comes up by itself.
    await page.locator('.page[data-page="domain:finance:1"]').waitFor();
    await page.close();
  });

  it('shows a breach in the alert list and on the map; an operator acknowledges it, a viewer is refused', async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      indicator: 'finance.spend',
      scope: 'P',
      condition: { op: '>', value: 100 },
      severity: 'critical',
    });
    expect(rule.status).toBe(201);
    await ingest([{ indicator: 'finance.spend', scope: 'D1', ts: Date.now() - 1000, value: 50 }]);
    const asOperator = await open(`scope=P&domains=finance&map=finance.spend&key=${operator}`);
    const asViewer = await open(`scope=P&domains=finance&map=finance.spend&key=${viewer}`);
    for (const page of [asOperator, asViewer]) await page.locator('#status.live').waitFor();

    await ingest([{ indicator: 'finance.spend', scope: 'D1', ts: Date.now(), value: 150 }]);
    for (const page of [asOperator, asViewer]) {
      await page.locator('#alerts li[data-scope="D1"][data-state="firing"].sev-critical').waitFor();
      await page.locator('#map [data-scope="D1"][data-alert="true"]').waitFor();
      expect(await page.locator('#map [data-scope="D2"]').getAttribute('data-alert')).toBe('false');
      await page.locator('#banner').waitFor();
    }

    // A viewer key may not acknowledge (GET /api/v1/me says its role): the wall offers no button, shows
    // the key's role, and the server refuses the call anyway.
    await asViewer.locator('#key-role[data-role="viewer"]').waitFor();
    expect(plain(await asViewer.textContent('#key-role'))).toBe('Khóa: viewer key (chỉ xem)');
    const viewerItem = asViewer.locator('#alerts li[data-scope="D1"]');
    expect(await viewerItem.locator('button.ack').count()).toBe(0);
    const alertId = await viewerItem.getAttribute('data-alert-id');
    const refused = await api(svc, viewer).post(`/api/v1/alerts/${alertId}/ack`, { note: 'seen' });
    expect(refused.status).toBe(403);
    expect(await viewerItem.getAttribute('data-state')).toBe('firing');
    await asOperator.locator('#key-role[data-role="operator"]').waitFor();

    const item = asOperator.locator('#alerts li[data-scope="D1"]');
    await item.locator('button.ack').click();
    await item.locator('.ack-note').fill('đã cử người kiểm tra');
    await item.locator('.ack-send').click();
    await asOperator.locator('#alerts li[data-scope="D1"][data-state="acknowledged"]').waitFor();
    expect(await item.locator('.acked').textContent()).toContain('đã cử người kiểm tra');
    // The viewer's wall hears of it live, and a reload still lists the alarm.
    await asViewer.locator('#alerts li[data-scope="D1"][data-state="acknowledged"]').waitFor();
    await asViewer.reload();
    await asViewer.locator('#alerts li[data-scope="D1"][data-state="acknowledged"]').waitFor();
    const stored = await admin.get('/api/v1/alerts?state=acknowledged');
    expect(stored.body.alerts.find((a: any) => a.scope === 'D1')).toMatchObject({ note: 'đã cử người kiểm tra' });
    await asOperator.close();
    await asViewer.close();
  });

  it('a district key sees only its own district: map, tiles and alerts', async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      indicator: 'env.aqi',
      scope: 'P',
      condition: { op: '>', value: 5000 },
      severity: 'warning',
    });
    expect(rule.status).toBe(201);
    await ingest([
      { indicator: 'env.aqi', scope: 'D2', ts: Date.now(), value: 9000 },
      { indicator: 'env.aqi', scope: 'D1', ts: Date.now(), value: 9100 },
      { indicator: 'env.aqi', scope: 'C1', ts: Date.now(), value: 12 },
    ]);
    await waitFor(async () => {
      const r = await admin.get('/api/v1/alerts?state=firing&indicator=env.aqi');
      return r.body.alerts.length === 2;
    });
    const district = await createKey(svc, 'district', ['D1']);
    const page = await open(`scope=P&key=${district}`);
    const statuses: number[] = [];
    page.on('response', (r) => statuses.push(r.status()));
    await page.locator('#status.live').waitFor();
    expect(await page.textContent('#title')).toBe('District 1');
    await page.locator('.note').waitFor(); // "this key cannot see P; showing District 1"
    await tileValue(page, 'env.aqi|D1').filter({ hasText: '9.100' }).waitFor();
    // The map holds D1's communes; the alert list only D1's alarm.
    await page.locator('#map [data-scope-value="C1"]').filter({ hasText: '12' }).waitFor();
    expect(
      await page.locator('#map [data-scope]').evaluateAll((els) => els.map((e) => e.getAttribute('data-scope'))),
    ).toEqual(['C1']);
    await page.locator('#alerts li[data-scope="D1"]').first().waitFor();
    expect(await page.locator('#alerts li[data-scope="D2"]').count()).toBe(0);
    // A district key may acknowledge inside its scopes: the button is there.
    await page.locator('#key-role[data-role="district"]').waitFor();
    await page.locator('#alerts li[data-scope="D1"] button.ack').first().waitFor();
    expect(await page.locator('[data-series$="|D2"], [data-series$="|P"]').count()).toBe(0);
    expect(statuses.filter((s) => s >= 400)).toEqual([]);
    await page.close();
  });

  it('draws the districts’ outlines from the catalogue, and a district’s own outline behind its communes’ tiles', async () => {
    const square = (lon: number, lat: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.1, lat],
          [lon + 0.1, lat + 0.1],
          [lon, lat + 0.1],
          [lon, lat],
        ],
      ],
    });
    for (const [code, body] of [
      ['D1', { shape: square(106.6, 11.0) }],
      ['D2', { shape: square(106.7, 11.0) }],
      ['C1', { tile: { row: 0, col: 0 } }],
    ] as const) {
      const r = await admin.put(`/api/v1/scopes/${code}`, body);
      expect(r.status).toBe(200);
    }
    const province = await open(`scope=P&domains=env&key=${viewer}`);
    await province.locator('#map[data-layout="shapes"] path[data-scope="D2"]').waitFor();
    expect(await province.locator('#map path[data-scope]').count()).toBe(2);
    expect(await province.getAttribute('#map path[data-scope="D1"]', 'd')).toMatch(/^M[\d.,L]+Z$/);
    await province.close();

    const district = await open(`scope=D1&domains=env&key=${viewer}`);
    await district.locator('#map[data-layout="tiles"] rect[data-scope="C1"]').waitFor();
    expect(await district.locator('#map path.outline').count()).toBe(1);
    await district.close();
  });

  it('a period indicator shows its change, plan share, rank and a stale mark; the reporting table lists it', async () => {
    const created = await admin.post('/api/v1/indicators', {
      code: 'finance.revenue_m',
      domain: 'finance',
      name: 'Thu ngân sách tháng',
      unit: 'tỷ đồng',
      direction: 'up',
      period: 'month',
      timeAgg: 'sum',
      scopeAgg: 'sum',
      dueDays: 10,
    });
    expect(created.status).toBe(201);
    expect((await admin.put('/api/v1/plans/finance.revenue_m/D1/2026', { value: 1000 })).status).toBe(200);
    // Past months: September's report was due on 10 October, so the latest value is "older than expected" now.
    await ingest([
      { indicator: 'finance.revenue_m', scope: 'D1', period: '2026-08', value: 100 },
      { indicator: 'finance.revenue_m', scope: 'D1', period: '2026-09', value: 120 },
    ]);
    await ingest([
      { indicator: 'finance.revenue_m', scope: 'D1', period: '2026-09', value: 125 }, // a revision
      { indicator: 'finance.revenue_m', scope: 'D2', period: '2026-09', value: 90 },
      { indicator: 'finance.revenue', scope: 'D1', ts: Date.now() - 20 * 60_000, value: 5 },
      { indicator: 'finance.spend', scope: 'D1', ts: Date.now(), value: 6 },
    ]);
    const page = await open(`scope=D1&domains=finance&key=${operator}`);
    const tile = page.locator('[data-series="finance.revenue_m|D1"]');
    await tile.locator('.value').filter({ hasText: '125' }).waitFor();
    await tile
      .locator('.chg')
      .filter({ hasText: /\+25\s?%/ })
      .waitFor(); // 125 against August's 100
    await tile.locator('.rank').filter({ hasText: 'Hạng 1/2' }).waitFor(); // D1 before D2 in September
    await tile
      .locator('.gauge-text')
      .filter({ hasText: /22,5\s?%/ })
      .waitFor(); // (100 + 125) / 1,000
    await tile.locator('.spark canvas').waitFor(); // the last 12 periods
    expect(await tile.getAttribute('data-stale')).toBe('true');
    expect(await tile.getAttribute('data-revised')).toBe('true');
    await tile.locator('.revised-mark').waitFor();
    expect(await tile.locator('.time').textContent()).toBe('2026-09');
    // Streams: 20 minutes without a point is stale, a fresh one is not.
    expect(await page.getAttribute('[data-series="finance.revenue|D1"]', 'data-stale')).toBe('true');
    expect(await page.getAttribute('[data-series="finance.spend|D1"]', 'data-stale')).toBe('false');

    await page.locator('[data-tab="reporting"]').click();
    const row = page.locator('#reporting [data-reporting-scope="D1"]');
    await row.waitFor();
    // This month's report is not due yet (it is due 10 days after the month ends).
    expect(await row.locator('[data-status="not_due"]').textContent()).toBe('1');
    expect(await page.locator('#reporting [data-reporting-scope="D2"]').count()).toBe(0); // not inside D1
    await page.close();
  });

  it('after the server restarts: reconnecting, then live again with the missed points (no gap)', async () => {
    await ingest([{ indicator: 'env.aqi', scope: 'P', ts: Date.now(), value: 70 }]);
    const page = await open(`scope=P&domains=env&key=${viewer}`);
    await tileValue(page, 'env.aqi|P').filter({ hasText: '70' }).waitFor();
    await page.locator('#status.live').waitFor();
    const before = await page.evaluate(() => ({ ...(globalThis as any).__wallStats }));

    await svc.stop();
    await page.locator('#status.reconnecting').waitFor();
    expect(await page.textContent('#status')).toMatch(/^Mất kết nối, đang kết nối lại từ \d\d:\d\d:\d\d$/);
    await svc.restart();
    const t0 = Date.now();
    await ingest([
      { indicator: 'env.aqi', scope: 'P', ts: t0, value: 77 },
      { indicator: 'env.aqi', scope: 'P', ts: t0 + 1, value: 78 },
    ]);
    await page.locator('#status.live').waitFor({ timeout: 30_000 });
    await tileValue(page, 'env.aqi|P').filter({ hasText: '78' }).waitFor();
    const after = await page.evaluate(() => ({ ...(globalThis as any).__wallStats }));
    // Resumed from its cursor: no new snapshot, and both points came as live values.
    expect(after.snapshots).toBe(before.snapshots);
    expect(after.livePoints - before.livePoints).toBeGreaterThanOrEqual(2);
    expect(await page.getAttribute('[data-series="env.aqi|P"]', 'data-ts')).toBe(String(t0 + 1));
    await page.close();
  });

  it('works with every host but the server blocked, and asks for none', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const elsewhere: string[] = [];
    const origin = new URL(svc.baseUrl).origin;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).host !== new URL(svc.baseUrl).host) elsewhere.push(ws.url());
    });
    await page.goto(`${svc.baseUrl}/wall?scope=P&key=${viewer}`);
    await page.locator('#status.live').waitFor();
    await page.locator('[data-series="env.aqi|P"] .value').filter({ hasText: /\d/ }).waitFor();
    const fontLoaded = await page.evaluate(async () => {
      const fonts = (globalThis as any).document.fonts;
      await fonts.ready;
      return fonts.check('700 16px "Be Vietnam Pro"', 'Bình Dương');
    });
    expect(fontLoaded).toBe(true);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it('a wrong key shows the error and asks for a key', async () => {
    const page = await open('scope=P&key=ioc_wrong');
    await page.locator('#keyform').waitFor();
    expect(await page.textContent('#keyerror')).toBe('unauthorized');
    expect(page.url()).not.toContain('ioc_wrong');
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('ioc-wall-key'))).toBeNull();
    await page.close();
  });

  it('serves the page with a strict content security policy and no caching, the assets for a year', async () => {
    const res = await fetch(`${svc.baseUrl}/wall?scope=P`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\bws:|wss:|\*/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    const script = /src="(\/wall\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(svc.baseUrl + script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${svc.baseUrl}/wall/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${svc.baseUrl}/wall/assets/..%2Fincex.html`)).status).toBe(404);
    expect(plain(html)).not.toMatch(/https?:\/\//);
  });
});
