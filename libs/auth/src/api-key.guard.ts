import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig, ENV_NAMES } from '@app/config';
import type { KeyPrincipal } from '@app/contracts';
import { ALLOW_KEY, ALLOW_TOKEN_KEY, PUBLIC_KEY, type AuthenticatedRequest, type TokenSetting } from '@app/platform';
import { ApiKeyService } from './api-key.service';
import { sameSecret } from './api-key.util';
import { Capability, roleCan } from '@app/contracts';

/**
 * Global HTTP guard: `Authorization: Bearer <key>`, then the handler's @Allow capabilities (admin when
 * none). A handler marked @AllowToken(setting) also admits that setting's token (GET /metrics).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> } & AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    const tokenSetting = this.reflector.getAllAndOverride<TokenSetting | undefined>(ALLOW_TOKEN_KEY, targets);
    const secret = tokenSetting ? this.config[tokenSetting] : undefined;
    if (token !== undefined && secret && sameSecret(token, secret)) {
      req.callerName = ENV_NAMES[tokenSetting!];
      return true;
    }

    const principal: KeyPrincipal | null = await this.apiKeys.authenticate(token);
    if (!principal) throw new UnauthorizedException('missing or unknown API key: send Authorization: Bearer <key>');
    req.principal = principal;
    req.callerName = principal.name;

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
