import type { Socket } from 'socket.io';
import { type ApiKeyService } from './api-key.service';
import { roleCan } from '@app/contracts';

/** Socket.IO middleware: `auth.token` must be a key whose role may read; else connect_error. */
export function createSocketAuthMiddleware(
  apiKeys: ApiKeyService,
): (socket: Socket, next: (err?: Error) => void) => void {
  return (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    apiKeys
      .authenticate(typeof token === 'string' ? token : undefined)
      .then((principal) => {
        if (!principal) return next(new Error('unauthorized'));
        if (!roleCan(principal.role, 'read')) return next(new Error('forbidden'));
        socket.data.principal = principal;
        next();
      })
      .catch(() => next(new Error('unavailable')));
  };
}
