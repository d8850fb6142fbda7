import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const KEY = `admin-${'0123456789abcdef'.repeat(2)}`;

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.demo).toBe(true);
    expect(c.redisUrl).toBeUndefined();
    expect(c.redisPrefix).toBe('ioc');
  });

  it('reads typed values', () => {
    const c = loadConfig({ PORT: '4000', IOC_DEMO: '0', REDIS_URL: 'redis://h:1/2' });
    expect(c.port).toBe(4000);
    expect(c.demo).toBe(false);
    expect(c.redisUrl).toBe('redis://h:1/2');
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
    expect(() => loadConfig({ IOC_DEMO: 'maybe' })).toThrow(/IOC_DEMO/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ IOC_ADMIN_KEY: 'short' })).toThrow(/IOC_ADMIN_KEY.*16/);
  });
});

describe('loadConfig with a defaults file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ioc-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads <cwd>/config/defaults.env; the environment wins over it', () => {
    mkdirSync(join(dir, 'config'));
    write('config/defaults.env', '# port\nPORT=4100\n# prefix\nIOC_REDIS_PREFIX=fromfile\n# IOC_ADMIN_KEY=\n');
    const c = loadConfig({ PORT: '4200' }, {}, { cwd: dir });
    expect(c.port).toBe(4200);
    expect(c.redisPrefix).toBe('fromfile');
    expect(c.adminKey).toBeUndefined();
  });

  it('without a defaults file, uses the code defaults', () => {
    const c = loadConfig({}, {}, { cwd: dir });
    expect(c.port).toBe(3000);
    expect(c.redisPrefix).toBe('ioc');
  });

  it('reads the file named by IOC_CONFIG_FILE (relative to cwd); an empty variable does not hide a file value', () => {
    write('custom.env', 'PORT=4300\nIOC_DEMO=0\nIOC_ADMIN_KEY="' + KEY + '"\n');
    const c = loadConfig({ IOC_CONFIG_FILE: 'custom.env', PORT: '' }, {}, { cwd: dir });
    expect(c.port).toBe(4300);
    expect(c.demo).toBe(false);
    expect(c.adminKey).toBe(KEY);
  });

  it('a missing IOC_CONFIG_FILE is a configuration error naming it', () => {
    expect(() => loadConfig({ IOC_CONFIG_FILE: 'nope.env' }, {}, { cwd: dir })).toThrow(
      /IOC_CONFIG_FILE="nope.env": cannot read .*nope\.env/,
    );
  });

  it('a bad value in the file names the variable and the file', () => {
    const path = write('bad.env', 'PORT=abc\n');
    expect(() => loadConfig({ IOC_CONFIG_FILE: path }, {}, { cwd: dir })).toThrow(
      new RegExp(`PORT="abc" \\(from ${path.replace(/[.\\/]/g, '\\$&')}\\)`),
    );
  });

  it('a name in the file that is not a setting is an error (a typo is not ignored)', () => {
    const path = write('typo.env', 'IOC_DEMOO=0\n');
    expect(() => loadConfig({ IOC_CONFIG_FILE: path }, {}, { cwd: dir })).toThrow(/IOC_DEMOO in .*not a setting/);
  });
});

describe('IOC_ADMIN_KEY', () => {
  const demoOff = { IOC_DEMO: '0' };

  it.each([
    'change-me-to-a-long-random-secret',
    'CHANGEME-CHANGEME-CHANGEME-CHANGEME',
    'my-example-admin-key-0123456789abcdef',
    'placeholder-placeholder-placeholder',
    'super-secret-key-0123456789abcdef0123',
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    '00000000000000000000000000000000',
  ])('refuses the placeholder %s, in demo mode too', (key) => {
    for (const env of [{ IOC_ADMIN_KEY: key }, { ...demoOff, IOC_ADMIN_KEY: key }]) {
      let error: unknown;
      try {
        loadConfig(env, {}, { servesHttp: true });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/IOC_ADMIN_KEY is a placeholder/);
      // The key itself is never repeated in the message (it ends up in logs).
      expect((error as Error).message).not.toContain(key);
    }
  });

  it('outside demo mode, the server and the gateway need one; the worker does not', () => {
    expect(() => loadConfig(demoOff, {}, { servesHttp: true })).toThrow(/IOC_ADMIN_KEY is not set: outside demo mode/);
    expect(loadConfig(demoOff, {}, { servesHttp: false }).adminKey).toBeUndefined();
    expect(loadConfig({}, {}, { servesHttp: true }).adminKey).toBeUndefined();
  });

  it('outside demo mode, it has at least 32 characters (16 in demo mode)', () => {
    const short = 'a1b2c3d4e5f6g7h8i9j0';
    expect(() => loadConfig({ ...demoOff, IOC_ADMIN_KEY: short }, {}, { servesHttp: true })).toThrow(
      /IOC_ADMIN_KEY has 20 characters: outside demo mode .* at least 32/,
    );
    expect(loadConfig({ IOC_ADMIN_KEY: short }, {}, { servesHttp: true }).adminKey).toBe(short);
    expect(loadConfig({ ...demoOff, IOC_ADMIN_KEY: KEY }, {}, { servesHttp: true }).adminKey).toBe(KEY);
  });

  it('config/production.env.example is complete but refused until its admin key is replaced', () => {
    const example = resolve('config/production.env.example');
    expect(() => loadConfig({ IOC_CONFIG_FILE: example }, {}, { servesHttp: true })).toThrow(
      /IOC_ADMIN_KEY is a placeholder/,
    );
    const c = loadConfig({ IOC_CONFIG_FILE: example, IOC_ADMIN_KEY: KEY }, {}, { servesHttp: true });
    expect(c.demo).toBe(false);
    expect(c.databaseUrl).toMatch(/^postgres:\/\//);
    expect(c.redisUrl).toMatch(/^redis:\/\//);
  });
});
