import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchFailure, readBodyAtMost } from './outbound-http.util';

describe('fetchFailure', () => {
  const failed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code, message: code } });

  it('says a failed fetch in words', () => {
    expect(fetchFailure(failed('ECONNREFUSED'), 10_000)).toBe('connection refused');
    expect(fetchFailure(failed('ENOTFOUND'), 10_000)).toBe('host not found (DNS)');
    expect(fetchFailure(Object.assign(new Error('x'), { name: 'TimeoutError' }), 10_000)).toBe('no answer within 10 s');
    expect(fetchFailure(failed('CERT_HAS_EXPIRED'), 10_000)).toBe('TLS certificate not accepted (CERT_HAS_EXPIRED)');
    expect(fetchFailure(failed('EWHATEVER'), 10_000)).toBe('EWHATEVER (EWHATEVER)');
  });
});

describe('readBodyAtMost (a real HTTP server)', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200);
      if (req.url === '/small') return res.end('hello');
      // An endless body: the reader must stop and cancel it.
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('reads a short body whole', async () => {
    expect((await readBodyAtMost(await fetch(`${url}/small`), 1024)).toString()).toBe('hello');
  });

  it('stops an endless body soon after max bytes', async () => {
    const body = await readBodyAtMost(await fetch(`${url}/endless`), 100_000);
    expect(body.length).toBeGreaterThanOrEqual(100_000);
    expect(body.length).toBeLessThan(100_000 + 128 * 1024);
  });
});
