import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { Capability, KeyPrincipal } from '@app/contracts';

export const PUBLIC_KEY = 'ioc:public';
export const ALLOW_KEY = 'ioc:allow';
export const ALLOW_TOKEN_KEY = 'ioc:allow-token';

/** Settings that hold a bearer token (a secret string, unset by default). */
export type TokenSetting = Extract<keyof AppConfig, 'metricsToken'>;

/** No key needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The key's role must have one of these capabilities (handlers without it or @Public need admin). */
export const Allow = (...capabilities: Capability[]) => SetMetadata(ALLOW_KEY, capabilities);

/**
 * Besides the keys that @Allow admits (admin when none), a request whose bearer token equals this
 * setting's value (compared in constant time) may call the handler; an unset setting admits nobody.
 */
export const AllowToken = (setting: TokenSetting) => SetMetadata(ALLOW_TOKEN_KEY, setting);

/**
 * What the guard attaches to an HTTP request it let through: `principal` for a key, and `callerName`
 * (the key's name, or the setting's variable for an @AllowToken token) for the request log. Never the key.
 */
export interface AuthenticatedRequest {
  principal?: KeyPrincipal;
  callerName?: string;
}

/** The KeyPrincipal the guard attached to the request. */
export const Principal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): KeyPrincipal =>
    ctx.switchToHttp().getRequest<{ principal: KeyPrincipal }>().principal,
);
