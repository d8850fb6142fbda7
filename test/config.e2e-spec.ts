import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REDIS_URL, ROOT, type RunningService, startService } from './support/service';

/**
 * Runs a built app with this environment until it exits, or until it says it is ready (then it is
 * stopped and the code is null): its exit code and output.
 */
function runUntilExit(app: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, `dist/apps/${app}/main.js`)], {
      env: { ...process.env, REDIS_URL, IOC_REDIS_PREFIX: 'tconfig', ...env },
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const seen = (d: Buffer) => {
      out += d.toString();
      if (/ ready/.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => done({ code: / ready/.test(out) ? null : code, out }));
  });
}

describe('configuration at start', () => {
  it('a gateway with a placeholder IOC_ADMIN_KEY refuses to start: exit 1, a message naming the variable', async () => {
    const key = 'change-me-to-a-long-random-secret';
    const { code, out } = await runUntilExit('gateway', { PORT: String(await freePort()), IOC_ADMIN_KEY: key });
    expect(code).toBe(1);
    expect(out).toMatch(/Invalid configuration:[\s\S]*IOC_ADMIN_KEY is a placeholder/);
    expect(out).not.toContain(key);
    expect(out).not.toMatch(/ ready/);
  });

  it('outside demo mode a gateway without IOC_ADMIN_KEY refuses to start', async () => {
    const { code, out } = await runUntilExit('gateway', {
      PORT: String(await freePort()),
      IOC_DEMO: '0',
      IOC_ADMIN_KEY: '',
    });
    expect(code).toBe(1);
    expect(out).toMatch(/IOC_ADMIN_KEY is not set: outside demo mode/);
  });

  it('a missing IOC_CONFIG_FILE stops the start', async () => {
    const { code, out } = await runUntilExit('worker', { IOC_CONFIG_FILE: 'config/no-such-file.env' });
    expect(code).toBe(1);
    expect(out).toMatch(/IOC_CONFIG_FILE="config\/no-such-file.env": cannot read/);
  });

  describe('IOC_CONFIG_FILE', () => {
    let dir: string;
    let svc: RunningService | undefined;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ioc-config-e2e-'))));
    afterAll(async () => {
      await svc?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('is read by the service; the environment wins over it', async () => {
      const file = join(dir, 'site.env');
      writeFileSync(
        file,
        '# the address people use\nIOC_PUBLIC_URL=https://ioc.test.invalid\n# overridden\nIOC_DEMO=1\n',
      );
      svc = await startService({ app: 'gateway', env: { IOC_CONFIG_FILE: file } });
      expect(svc.output()).toMatch(/gateway ready on https:\/\/ioc\.test\.invalid/);
      // IOC_DEMO=0 from the environment (startService) wins over the file's 1: no demo lines.
      expect(svc.output()).not.toMatch(/demo: /);
    });
  });
});
