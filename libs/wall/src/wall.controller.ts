import { Controller, Get, NotFoundException, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@app/platform';
import { WallBuild } from './wall-build';

/**
 * Only this server: scripts, styles, fonts and the live socket. Inline styles set from script (Preact,
 * uPlot) go through the CSSOM, which `style-src 'self'` allows; no inline `<style>` or `<script>`.
 */
export const WALL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; media-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/** What a missing build answers (a server started without `npm run build`). */
export const WALL_NOT_BUILT =
  'The wall screen is not built: run npm run build:wall (npm start and npm run build do it).';

/**
 * The operations-centre page, built by Vite from apps/wall-ui. Public: it holds no data; it reads
 * with the key the user gives it.
 */
@ApiExcludeController()
@Controller('wall')
@Public()
export class WallController {
  constructor(private readonly build: WallBuild) {}

  @Get()
  page(@Res() res: Response): void {
    const html = this.build.indexHtml();
    if (html === null) throw new ServiceUnavailableException(WALL_NOT_BUILT);
    res
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        // The key may sit in the query string until the page removes it: keep the page out of caches.
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': WALL_CSP,
        'X-Content-Type-Options': 'nosniff',
      })
      .send(html);
  }

  /** Hashed files: a new build has new names, so a year's cache is safe. */
  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const file = this.build.assetPath(name);
    if (file === null) throw new NotFoundException(`no wall asset "${name}" (run npm run build:wall?)`);
    res.set({
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.sendFile(file);
  }
}
