import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `npm run build:wall` writes the wall screen (apps/wall-ui/vite.config.ts), from the project root. */
export const WALL_BUILD_DIR = 'dist/wall-ui';

/** A hashed asset name as Vite writes it (`index-CY06YXDt.js`, `be-vietnam-pro-…-400-normal-Bx1.woff2`). */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * The built wall screen on disk: its `index.html` and its hashed assets. Read from the project root
 * (the working directory, as `config/defaults.env` is), so the server, the gateway and the Docker image
 * find the same files. `index.html` is read again when it changes, so a rebuild needs no restart.
 */
export class WallBuild {
  private readonly dir: string;
  private cached: { stamp: string; html: string } | null = null;

  constructor(dir: string = resolve(process.cwd(), WALL_BUILD_DIR)) {
    this.dir = dir;
  }

  /** The page's HTML, or null when the wall was not built. */
  indexHtml(): string | null {
    const file = join(this.dir, 'index.html');
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return null;
    }
    if (this.cached?.stamp !== stamp) this.cached = { stamp, html: readFileSync(file, 'utf8') };
    return this.cached.html;
  }

  /** The absolute path of an asset, or null for a name that is not one of ours (no paths, no dot files). */
  assetPath(name: string): string | null {
    if (!ASSET_NAME.test(name) || name.includes('..')) return null;
    const file = join(this.dir, 'assets', name);
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }
}
