import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallBuild } from './wall-build';

describe('WallBuild', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wall-build-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no page before the wall is built', () => {
    expect(new WallBuild(join(dir, 'none')).indexHtml()).toBeNull();
  });

  it('reads the page, and again after a rebuild', () => {
    const build = new WallBuild(dir);
    writeFileSync(join(dir, 'index.html'), '<p>one</p>');
    expect(build.indexHtml()).toBe('<p>one</p>');
    writeFileSync(join(dir, 'index.html'), '<p>two, longer</p>');
    expect(build.indexHtml()).toBe('<p>two, longer</p>');
  });

  it('finds built assets by name and nothing else', () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-Ab1.js'), '');
    writeFileSync(join(dir, 'secret.txt'), '');
    const build = new WallBuild(dir);
    expect(build.assetPath('index-Ab1.js')).toBe(join(dir, 'assets', 'index-Ab1.js'));
    for (const name of ['missing.js', '../secret.txt', '..', '.hidden', 'a/b.js', '']) {
      expect(build.assetPath(name)).toBeNull();
    }
  });
});
