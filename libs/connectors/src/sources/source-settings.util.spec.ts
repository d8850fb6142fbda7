import { SECRET_MASK } from '@app/contracts';
import { parseHttpSettings, parseSchedule } from './source-settings.util';
import { sourceUrlProblem } from './source-url.util';

const ctx = { self: { port: 3000, publicUrl: 'https://ioc.example.gov.vn' }, minIntervalSeconds: 10 };
const mapping = { each: 'items', indicator: '=env.aqi', scope: 'code', value: 'aqi' };

describe('source URLs', () => {
  it.each([
    ['https://opendata.example.gov.vn/api/aqi', null],
    ['http://127.0.0.1:8080/feed', null],
    ['ftp://example.gov.vn/x', 'must be an http:// or https:// URL'],
    ['not a url', 'must be an http:// or https:// URL'],
    ['https://user:pw@example.gov.vn/', expect.stringMatching(/^must not carry user:password@/)],
    ['http://localhost:3000/api/v1/latest', expect.stringMatching(/^points at ioc-stream itself/)],
    ['http://127.0.0.1:3000/', expect.stringMatching(/^points at ioc-stream itself/)],
    ['http://[::1]:3000/', expect.stringMatching(/^points at ioc-stream itself/)],
    ['https://ioc.example.gov.vn/api/v1/latest', expect.stringMatching(/^points at ioc-stream itself/)],
  ])('%s', (url, problem) => {
    expect(sourceUrlProblem(url, ctx.self)).toEqual(problem);
  });
});

describe('HTTP poll settings', () => {
  it('defaults, and secret headers split off and masked', () => {
    const parsed = parseHttpSettings(
      {
        url: 'https://x.gov.vn/a',
        headers: { Authorization: 'Bearer s3cr3t', Accept: 'application/json', 'X-Api-Key': 'k' },
        mapping,
      },
      ctx,
    );
    expect(parsed.settings).toEqual({
      url: 'https://x.gov.vn/a',
      method: 'GET',
      headers: { Authorization: SECRET_MASK, Accept: 'application/json', 'X-Api-Key': SECRET_MASK },
      intervalSeconds: 60,
      timeoutMs: 10_000,
      maxBytes: 5 * 1024 * 1024,
      mapping,
    });
    expect(parsed.secrets).toEqual({ headers: { Authorization: 'Bearer s3cr3t', 'X-Api-Key': 'k' } });
  });

  it('"***" keeps the stored secret, and is refused when none is stored', () => {
    const input = { url: 'https://x.gov.vn/a', headers: { Authorization: SECRET_MASK }, mapping };
    expect(parseHttpSettings(input, ctx, { headers: { authorization: 'Bearer old' } }).secrets).toEqual({
      headers: { Authorization: 'Bearer old' },
    });
    expect(() => parseHttpSettings(input, ctx)).toThrow(/stands for the stored value, and none is stored/);
  });

  it.each([
    [
      { url: 'https://x.gov.vn/', mapping, intervalSeconds: 2 },
      'intervalSeconds: 2 is too short: at least 10 (IOC_SOURCE_MIN_INTERVAL_SECONDS)',
    ],
    [
      { url: 'https://x.gov.vn/', mapping, intervalSeconds: 60, cron: '* * * * *' },
      'intervalSeconds, cron: give one of them, not both',
    ],
    [{ url: 'https://x.gov.vn/', mapping, cron: '* *' }, expect.stringMatching(/^cron: must have 5 fields/)],
    [{ url: 'https://x.gov.vn/', mapping, cron: '*/5 * * * * *' }, expect.stringMatching(/^cron: a seconds field/)],
    [{ url: 'https://x.gov.vn/', mapping, timeoutMs: 10 }, 'timeoutMs: must be a whole number from 100 to 60000'],
    [{ url: 'https://x.gov.vn/', mapping, headers: { Host: 'a' } }, 'headers.Host: set by the poller itself'],
    [{ url: 'https://x.gov.vn/', mapping, body: 'x' }, 'body: only a POST sends a body'],
    [{ url: 'https://x.gov.vn/' }, expect.stringMatching(/^mapping: required/)],
    [{ url: 'file:///etc/passwd', mapping }, 'url: must be an http:// or https:// URL'],
  ])('refuses %j', (input, message) => {
    expect(() => parseHttpSettings(input as Record<string, unknown>, ctx)).toThrow(
      typeof message === 'string' ? message : undefined,
    );
    try {
      parseHttpSettings(input as Record<string, unknown>, ctx);
    } catch (err) {
      expect((err as Error).message).toEqual(message);
    }
  });

  it('a cron pattern replaces the interval', () => {
    expect(parseSchedule(undefined, ' 0  */2 * * * ', 10)).toEqual({ cron: '0 */2 * * *' });
    expect(parseSchedule(undefined, undefined, 10)).toEqual({ intervalSeconds: 60 });
  });
});
