import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { WallBuild } from './wall-build';
import { WALL_CSP, WallController } from './wall.controller';

/** The parts of an Express response the controller uses, recording what it was given. */
function fakeResponse() {
  const sent: { headers: Record<string, string>; body?: string; file?: string } = { headers: {} };
  const res = {
    set(h: Record<string, string>) {
      Object.assign(sent.headers, h);
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
    sendFile(file: string) {
      sent.file = file;
    },
  };
  return { res: res as unknown as Response, sent };
}

describe('WallController', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wall-ctl-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers 503 saying to build the wall when it was not built', () => {
    const ctl = new WallController(new WallBuild(join(dir, 'missing')));
    const { res } = fakeResponse();
    expect(() => ctl.page(res)).toThrow(ServiceUnavailableException);
    expect(() => ctl.page(res)).toThrow(/npm run build:wall/);
  });

  it('serves the page with its security headers, and hashed assets for a year', () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><p>wall</p>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-X1.js'), '');
    const ctl = new WallController(new WallBuild(dir));
    const page = fakeResponse();
    ctl.page(page.res);
    expect(page.sent.body).toBe('<!doctype html><p>wall</p>');
    expect(page.sent.headers).toMatchObject({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': WALL_CSP,
    });
    const asset = fakeResponse();
    ctl.asset('index-X1.js', asset.res);
    expect(asset.sent.file).toBe(join(dir, 'assets', 'index-X1.js'));
    expect(asset.sent.headers['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(() => ctl.asset('../index.html', fakeResponse().res)).toThrow(NotFoundException);
  });

  it('allows no other host in its content security policy', () => {
    expect(WALL_CSP).not.toMatch(/https?:|ws:|wss:|\*|'unsafe-inline'|'unsafe-eval'/);
  });
});
