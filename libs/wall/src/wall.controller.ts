import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/platform';
import { WALL_HTML } from './wall-page.html';
import { WALL_JS } from './wall-script.js';
import { WALL_CSS } from './wall-style.css';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; frame-ancestors 'self'";

/** The operations-centre page. Public: it holds no data; it reads with the key the user gives it. */
@ApiExcludeController()
@Controller('wall')
@Public()
export class WallController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Content-Security-Policy', CSP)
  page(): string {
    return WALL_HTML;
  }

  @Get('wall.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return WALL_JS;
  }

  @Get('wall.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  style(): string {
    return WALL_CSS;
  }
}
