import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Capability, KeyPrincipal } from '@app/contracts';

export const PUBLIC_KEY = 'ioc:public';
export const ALLOW_KEY = 'ioc:allow';

/** No key needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The key's role must have one of these capabilities (handlers without it or @Public need admin). */
export const Allow = (...capabilities: Capability[]) => SetMetadata(ALLOW_KEY, capabilities);

/** The KeyPrincipal the guard attached to the request. */
export const Principal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): KeyPrincipal =>
    ctx.switchToHttp().getRequest<{ principal: KeyPrincipal }>().principal,
);
