import {
  elapsedMs,
  LOGGED_PATH_MAX,
  loggedPath,
  requestLineText,
  requestLogLevel,
  routeLabel,
} from './request-log.util';

describe('loggedPath', () => {
  it('drops the query string and the fragment (a key may ride in ?key=)', () => {
    expect(loggedPath('/wall?key=SECRET&scope=74')).toBe('/wall');
    expect(loggedPath('/api/v1/latest?scope=718#x')).toBe('/api/v1/latest');
    expect(loggedPath('/wall#key=SECRET')).toBe('/wall');
    expect(loggedPath('/?key=SECRET')).toBe('/');
    expect(loggedPath('?key=SECRET')).toBe('/');
    expect(loggedPath(undefined)).toBe('/');
  });

  it('cuts a long path', () => {
    const long = `/api/v1/series/${'x'.repeat(500)}/latest`;
    const logged = loggedPath(long);
    expect(logged).toHaveLength(LOGGED_PATH_MAX);
    expect(logged.endsWith('...')).toBe(true);
  });
});

describe('routeLabel', () => {
  it('is the pattern of the route, not the path', () => {
    expect(routeLabel('', '/api/v1/series/:indicator/:scope/latest')).toBe('/api/v1/series/:indicator/:scope/latest');
    expect(routeLabel('/api', '/v1/x/')).toBe('/api/v1/x');
    expect(routeLabel(undefined, '/')).toBe('/');
  });

  it('is "unmatched" when no route took the request', () => {
    expect(routeLabel('', undefined)).toBe('unmatched');
  });
});

describe('requestLogLevel', () => {
  it('health checks and scrapes at debug, server errors at warn, the rest at log', () => {
    expect(requestLogLevel('/health', 200)).toBe('debug');
    expect(requestLogLevel('/health', 503)).toBe('debug');
    expect(requestLogLevel('/metrics', 401)).toBe('debug');
    expect(requestLogLevel('/api/v1/ingest', 503)).toBe('warn');
    expect(requestLogLevel('/api/v1/ingest', 202)).toBe('log');
    expect(requestLogLevel('unmatched', 404)).toBe('log');
  });
});

describe('requestLineText', () => {
  it('says method, path, status, latency and the key name', () => {
    expect(requestLineText({ method: 'GET', path: '/api/v1/latest', status: 200, latencyMs: 3.1, key: 'wall-1' })).toBe(
      'GET /api/v1/latest 200 3.1 ms key=wall-1',
    );
    expect(requestLineText({ method: 'POST', path: '/x', status: 401, latencyMs: 0.4 })).toBe('POST /x 401 0.4 ms');
    expect(requestLineText({ method: 'GET', path: '/x', status: 200, latencyMs: 9, aborted: true })).toBe(
      'GET /x 200 9 ms (client went away)',
    );
  });
});

describe('elapsedMs', () => {
  it('turns nanoseconds into ms to 0.1', () => {
    expect(elapsedMs(0n, 3_149_999n)).toBe(3.1);
    expect(elapsedMs(10n, 10n)).toBe(0);
  });
});
