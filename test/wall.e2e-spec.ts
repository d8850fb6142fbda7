import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { api, createKey, seedCatalogue } from './support/api';
import { type RunningService, startService } from './support/service';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('wall page in headless Chromium', () => {
  let svc: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    svc = await startService();
    await seedCatalogue(svc);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.cleanup();
  });

  it('takes the key from the URL, hides it, shows live values as they change', async () => {
    const viewer = await createKey(svc, 'viewer');
    const admin = api(svc, svc.adminKey);
    await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'env.aqi', scope: 'D1', ts: Date.now() - 1000, value: 41 }],
    });
    const page = await browser.newPage();
    await page.goto(`${svc.baseUrl}/wall?scope=D1&key=${viewer}`);
    const tile = page.locator('[data-series="env.aqi|D1"] .value');
    await tile.filter({ hasText: '41' }).waitFor();
    expect(page.url()).not.toContain(viewer);
    expect(page.url()).toContain('scope=D1');
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('ioc-wall-key'))).toBe(viewer);
    await page.locator('#status.live').waitFor();

    await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'env.aqi', scope: 'D1', ts: Date.now(), value: 57.5 }],
    });
    await tile.filter({ hasText: '57,5' }).waitFor();
    expect(await page.locator('[data-series="env.aqi|D1"] .name').textContent()).toBe('AQI');
    await page.screenshot({ path: '/tmp/wall-e2e.png' });
    await page.close();
  });

  it('a wrong key shows the error and asks for a key', async () => {
    const page = await browser.newPage();
    await page.goto(`${svc.baseUrl}/wall?scope=D1&key=ioc_wrong`);
    await page.locator('#keyform:not([hidden])').waitFor();
    expect(await page.textContent('#keyerror')).toBe('unauthorized');
    expect(page.url()).not.toContain('ioc_wrong');
    await page.close();
  });

  it('serves the page with a strict content security policy and no caching', async () => {
    const res = await fetch(`${svc.baseUrl}/wall`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
