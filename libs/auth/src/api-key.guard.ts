import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { KeyPrincipal } from '@app/contracts';
import { ALLOW_KEY, PUBLIC_KEY } from '@app/platform';
import { ApiKeyService } from './api-key.service';
import { Capability, roleCan } from '@app/contracts';

/** Global HTTP guard: `Authorization: Bearer <key>`, then the handler's @Allow capabilities (admin when none). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: KeyPrincipal }>();
    const principal = await this.apiKeys.authenticate(bearerToken(req.headers.authorization));
    if (!principal) throw new UnauthorizedException('missing or unknown API key: send Authorization: Bearer <key>');
    req.principal = principal;

    const allowed = this.reflector.getAllAndOverride<Capability[]>(ALLOW_KEY, targets) ?? ['admin'];
    if (!allowed.some((c) => roleCan(principal.role, c))) {
      throw new ForbiddenException(
        `this key's role (${principal.role}) may not do this (needs ${allowed.join(' or ')})`,
      );
    }
    return true;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
