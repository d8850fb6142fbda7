import { ConfigError, loadConfig } from './load-config';

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
