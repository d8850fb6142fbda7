import { bearerOf, sameToken, scrapeCaller } from './scrape-access.util';

describe('scrape access', () => {
  const secrets = [
    { name: 'IOC_ADMIN_KEY', value: 'admin-0123456789abcdef' },
    { name: 'IOC_METRICS_TOKEN', value: 'metrics-0123456789abcdef' },
  ];

  it('reads a bearer token', () => {
    expect(bearerOf('Bearer abc')).toBe('abc');
    expect(bearerOf('bearer  abc ')).toBe('abc');
    expect(bearerOf('Basic abc')).toBeUndefined();
    expect(bearerOf(undefined)).toBeUndefined();
  });

  it('compares tokens whole', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'abc')).toBe(false);
  });

  it('names the setting whose secret the token is; nobody without a token or with a wrong one', () => {
    expect(scrapeCaller('Bearer admin-0123456789abcdef', secrets)).toBe('IOC_ADMIN_KEY');
    expect(scrapeCaller('Bearer metrics-0123456789abcdef', secrets)).toBe('IOC_METRICS_TOKEN');
    expect(scrapeCaller('Bearer metrics-0123456789abcde', secrets)).toBeNull();
    expect(scrapeCaller(undefined, secrets)).toBeNull();
  });

  it('an unset secret admits nobody, not even an empty token', () => {
    expect(scrapeCaller('Bearer x', [{ name: 'IOC_METRICS_TOKEN', value: undefined }])).toBeNull();
    expect(scrapeCaller('Bearer ', [{ name: 'IOC_METRICS_TOKEN', value: '' }])).toBeNull();
  });
});
