/**
 * The wall's screenshots in docs/images (`npm run docs:screenshots`): the demo province (74) and a
 * district (718, Thủ Dầu Một, with a district key), in Vietnamese and English, 1920 × 1080 PNG, taken in
 * headless Chromium from the built server with the demo on, after the demo has run a while
 * (SCREENSHOT_WAIT_SECONDS, 60 by default: alerts firing, values moving). Its own redis-server and
 * data directory (SQLite); nothing is left behind.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startBenchRedis } from '../ingest/bench-redis';
import { freePort, sleep, startDemoServer } from './bench-wall.shared';
import { launchChromium } from '../../test/support/chromium';

const WAIT_SECONDS = Number(process.env.SCREENSHOT_WAIT_SECONDS ?? 60);
const OUT = process.env.SCREENSHOT_DIR ?? 'docs/images';
/** The domain pages shown (the first one is on screen). */
const DOMAINS = process.env.SCREENSHOT_DOMAINS ?? 'finance,investment,environment,traffic,health';

async function main(): Promise<void> {
  const redis = await startBenchRedis(false);
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-screenshots-'));
  const server = await startDemoServer({
    port: await freePort(),
    redisUrl: redis.url,
    dataDir,
    adminKey: `shots-admin-${randomBytes(12).toString('hex')}`,
  });
  const browser = await launchChromium();
  try {
    await server.waitForDemoValues();
    const key = async (name: string, role: string, scopes?: string[]) => {
      const r = await server.post('/api/v1/api-keys', { name, role, scopes });
      if (r.status !== 201) throw new Error(`api-keys: ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body as { key: string }).key;
    };
    const province = await key('IOC Bình Dương', 'operator');
    const district = await key('IOC Thủ Dầu Một', 'district', ['718']);
    console.log(`the demo runs for ${WAIT_SECONDS} s (alerts fire, values move)…`);
    await sleep(WAIT_SECONDS * 1000);
    const alerts = await server.get('/api/v1/alerts?state=firing');
    console.log(`${(alerts.body as { alerts: unknown[] }).alerts.length} alerts firing`);
    mkdirSync(OUT, { recursive: true });
    const shots = [
      { file: 'wall-province-vi.png', query: `scope=74&domains=${DOMAINS}&lang=vi`, key: province },
      { file: 'wall-province-en.png', query: `scope=74&domains=${DOMAINS}&lang=en`, key: province },
      { file: 'wall-district-vi.png', query: `scope=718&domains=${DOMAINS}&lang=vi`, key: district },
      { file: 'wall-district-en.png', query: `scope=718&domains=${DOMAINS}&lang=en`, key: district },
    ];
    for (const shot of shots) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.baseUrl}/wall?${shot.query}&sound=0&key=${shot.key}`);
      await page.locator('#status.live').waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        () => (globalThis as { __wallStats?: { firstValuesMs: number | null } }).__wallStats?.firstValuesMs,
        null,
        {
          timeout: 60_000,
        },
      );
      // Sparklines and summaries load after the first values; fonts too.
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await sleep(4000);
      const path = join(OUT, shot.file);
      await page.screenshot({ path, type: 'png' });
      console.log(`${path}: ${Math.round(statSync(path).size / 1024)} KB`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err);
    process.exit(1);
  },
);
